import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Group commit: many changes in one transaction, each kept or rolled back on its own.
@Suite struct GroupCommitTests {
    struct Refused: Error {}

    /// A change with its audit row, as every business change has.
    private func addLocation(_ factory: TestFactory, _ code: String) -> (any SQLConnection) throws -> Void {
        { db in
            try db.execute("INSERT INTO stock_locations (id, code, kind, name) VALUES (?, ?, 'MAIN', ?)",
                           UUID().uuidString.lowercased(), code, code)
            try factory.audit.record(db, by: TestFactory.console, action: "test.location_added", object: AuditObject("location", code))
        }
    }

    /// The audited changes in chain order; the chain must verify.
    private func audited(_ factory: TestFactory) throws -> [String] {
        #expect(try factory.audit.verify(factory.db).isIntact)
        return try factory.db.read { db in
            try db.query("SELECT object_id FROM audit_log WHERE action = 'test.location_added' ORDER BY seq").map { try $0.string("object_id") }
        }
    }

    private func codes(_ factory: TestFactory) throws -> [String] {
        try factory.db.read { db in try db.query("SELECT code FROM stock_locations ORDER BY code").map { try $0.string("code") } }
    }

    @Test(arguments: TestBackends.all)
    func aChangeThatThrowsIsRolledBackAloneAndTheOthersAreKept(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let failing: (any SQLConnection) throws -> Void = { db in
            try addLocation(factory, "B")(db)
            throw Refused()
        }
        let outcomes = factory.db.writeEach([addLocation(factory, "A"), failing, addLocation(factory, "C")])
        #expect(outcomes.map { $0 == nil } == [true, false, true])
        #expect(outcomes[1] is Refused)
        #expect(try codes(factory) == ["A", "C"])
        // The refused change's audit row went with it; the others' follow one another on the chain.
        #expect(try audited(factory) == ["A", "C"])
    }

    @Test(arguments: TestBackends.all)
    func aLaterChangeSeesTheEarlierOnesOfTheSameGroup(backend: Backend) throws {
        let factory = try TestFactory(backend)
        var seen = -1
        let counting: (any SQLConnection) throws -> Void = { db in
            seen = Int(try db.queryOne("SELECT COUNT(*) AS n FROM stock_locations")?.int("n") ?? -1)
        }
        #expect(factory.db.writeEach([addLocation(factory, "A"), addLocation(factory, "B"), counting]).allSatisfy { $0 == nil })
        #expect(seen == 2)
    }

    @Test(arguments: TestBackends.all)
    func aConstraintViolationFailsOnlyItsOwnChange(backend: Backend) throws {
        let factory = try TestFactory(backend)
        // On PostgreSQL a failed statement poisons the transaction until the savepoint is rolled back.
        let outcomes = factory.db.writeEach([addLocation(factory, "A"), addLocation(factory, "A"), addLocation(factory, "B")])
        #expect(outcomes.map { $0 == nil } == [true, false, true])
        #expect(try codes(factory) == ["A", "B"])
        #expect(try audited(factory) == ["A", "B"])
    }

    @Test(arguments: TestBackends.all)
    func whenTheSharedTransactionIsLostEveryChangeIsWrittenAgainAloneAndOnce(backend: Backend) throws {
        let factory = try TestFactory(backend)
        // A change that ends the transaction under the group: its savepoint is gone.
        let ending: (any SQLConnection) throws -> Void = { db in
            try addLocation(factory, "B")(db)
            try db.executeScript("ROLLBACK")
            throw Refused()
        }
        let outcomes = factory.db.writeEach([addLocation(factory, "A"), ending, addLocation(factory, "C")])
        #expect(outcomes.map { $0 == nil } == [true, false, true])
        #expect(try codes(factory) == ["A", "C"])
        #expect(try audited(factory) == ["A", "C"])
    }

    @Test(arguments: TestBackends.all, [false, true])
    func aFailureSentAheadIsCountedAgainstTheChangeThatSentItNeverTheNext(backend: Backend, unguarded: Bool) throws {
        let factory = try TestFactory(backend)
        // Never waits for its duplicate insert: on PostgreSQL the failure is still held back when
        // the body returns. Unguarded, were it answered inside B's savepoint, rolling back to A's
        // would lose A.
        let sendsADuplicate = GroupMember(unguarded: unguarded) { db in
            _ = try db.send("INSERT INTO stock_locations (id, code, kind, name) VALUES (?, 'A', 'MAIN', 'A')", UUID().uuidString.lowercased())
        }
        let outcomes = factory.db.writeEach([GroupMember(addLocation(factory, "A")), sendsADuplicate, GroupMember(addLocation(factory, "B"))])
        #expect(outcomes.map { $0 == nil } == [true, false, true])
        #expect((outcomes[1] as? FactoryError)?.reason == "unique_violation")
        #expect(try codes(factory) == ["A", "B"])
        #expect(try audited(factory) == ["A", "B"])
    }

    /// A change whose answers are read only after the next change has sent its first
    /// statements: its failure then is its own, and the next change is still kept.
    @Test(arguments: TestBackends.all)
    func aChangeRefusedOnItsAnswersAfterTheNextHasBegunIsRolledBackAlone(backend: Backend) throws {
        let factory = try TestFactory(backend)
        final class Runs: @unchecked Sendable { var b = 0; var c = 0 }
        let runs = Runs()
        // Sends its row and refuses once it reads what came back, as a package whose reading
        // turned out to be taken does.
        let refusedOnItsAnswer = GroupMember({ db in
            runs.b += 1
            _ = try db.send("INSERT INTO stock_locations (id, code, kind, name) VALUES (?, 'B', 'MAIN', 'B')", UUID().uuidString.lowercased())
            try factory.audit.record(db, by: TestFactory.console, action: "test.location_added", object: AuditObject("location", "B"))
        }, answered: { throw Refused() })
        let next = GroupMember { db in
            runs.c += 1
            try addLocation(factory, "C")(db)
        }
        let outcomes = factory.db.writeEach([GroupMember(addLocation(factory, "A")), refusedOnItsAnswer, next, GroupMember(addLocation(factory, "D"))])
        #expect(outcomes.map { $0 == nil } == [true, false, true, true])
        #expect(outcomes[1] is Refused)
        #expect(try codes(factory) == ["A", "C", "D"])
        #expect(try audited(factory) == ["A", "C", "D"])
        // Both fell together and were written again, one after the other.
        #expect((runs.b, runs.c) == (2, 2))
    }

    @Test(arguments: TestBackends.all)
    func aChangeThatSendsAheadIsSeenByTheNextOne(backend: Backend) throws {
        let factory = try TestFactory(backend)
        var seen = -1
        let sending = GroupMember { db in
            _ = try db.send("INSERT INTO stock_locations (id, code, kind, name) VALUES (?, 'A', 'MAIN', 'A')", UUID().uuidString.lowercased())
        }
        let counting = GroupMember { db in
            seen = Int(try db.queryOne("SELECT COUNT(*) AS n FROM stock_locations")?.int("n") ?? -1)
        }
        #expect(factory.db.writeEach([sending, counting]).allSatisfy { $0 == nil })
        #expect(seen == 1)
    }

    @Test(arguments: TestBackends.all)
    func unguardedChangesThatSendAheadEachReadTheirOwnAnswers(backend: Backend) throws {
        let factory = try TestFactory(backend)
        final class Seen: @unchecked Sendable { var codes: [String] = [] }
        let seen = Seen()
        // Each sends its insert and reads what came back only once the group has run.
        func sending(_ code: String) -> GroupMember {
            var answer: SQLAnswer?
            return GroupMember(unguarded: true, { db in
                answer = try db.send("INSERT INTO stock_locations (id, code, kind, name) VALUES (?, ?, 'MAIN', ?) RETURNING code",
                                     UUID().uuidString.lowercased(), code, code)
            }, answered: { seen.codes.append(try answer!.rows()[0].string("code")) })
        }
        let outcomes = factory.db.writeEach([sending("A"), sending("B"), GroupMember(addLocation(factory, "C")), sending("D")])
        #expect(outcomes.allSatisfy { $0 == nil })
        #expect(seen.codes == ["A", "B", "D"])
        #expect(try codes(factory) == ["A", "B", "C", "D"])
    }

    @Test(arguments: TestBackends.all)
    func unguardedChangesAreWrittenWithTheGuardedOnes(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let outcomes = factory.db.writeEach([
            GroupMember(unguarded: true, addLocation(factory, "A")), GroupMember(addLocation(factory, "B")),
            GroupMember(unguarded: true, addLocation(factory, "C")), GroupMember(addLocation(factory, "D")),
        ])
        #expect(outcomes.allSatisfy { $0 == nil })
        #expect(try codes(factory) == ["A", "B", "C", "D"])
        #expect(try audited(factory) == ["A", "B", "C", "D"])
    }

    @Test(arguments: TestBackends.all)
    func anUnguardedChangeThatFailsHasEveryChangeWrittenAgainAlone(backend: Backend) throws {
        let factory = try TestFactory(backend)
        var runs = 0
        // Half written when it fails: without a savepoint only the group's rollback removes "B".
        let failing: (any SQLConnection) throws -> Void = { db in
            runs += 1
            try addLocation(factory, "B")(db)
            throw Refused()
        }
        let outcomes = factory.db.writeEach([
            GroupMember(addLocation(factory, "A")), GroupMember(unguarded: true, failing), GroupMember(addLocation(factory, "C")),
        ])
        #expect(outcomes.map { $0 == nil } == [true, false, true])
        #expect(outcomes[1] is Refused)
        #expect(runs == 2)
        #expect(try codes(factory) == ["A", "C"])
        #expect(try audited(factory) == ["A", "C"])
    }

    @Test(arguments: TestBackends.all)
    func aGateThatStopsOneChangeIsRecordedAsPerformRecordsIt(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let services = factory.services
        let device = try factory.device("scale-E1-pack-01")
        let stopped: (any SQLConnection) throws -> Void = { db in
            try db.execute("UPDATE devices SET calibration_due_at = ? WHERE id = ?", factory.clock.now().adding(seconds: -86_400), device.id)
            let expired = try Device.find(db, device.code)
            try services.scaleBinding.checkCanWeigh(expired, by: TestFactory.console)
        }
        let outcomes = services.performEach([GroupMember(addLocation(factory, "A")), GroupMember(stopped)])
        #expect(outcomes[0] == nil)
        #expect((outcomes[1] as? FactoryError)?.code == .gateBlocked)
        #expect(try factory.count("gate_log") == 1)
        // The gate's own change (the calibration moved back) was rolled back with it.
        #expect(try factory.db.read { try Device.find($0, device.code) }.calibrationDueAt == device.calibrationDueAt)
        #expect(try codes(factory).contains("A"))
    }
}
