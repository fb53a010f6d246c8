import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct AuditLogTests {
    /// Appends `count` rows, one transaction each, a second apart.
    func append(_ factory: TestFactory, _ count: Int) throws {
        for n in 1...count {
            factory.clock.advance(seconds: 1)
            try factory.db.write { db in
                try factory.audit.record(db, by: TestFactory.console, action: "test.step",
                                         object: AuditObject("thing", "\(n)"), old: nil, new: ["n": .int(Int64(n))])
            }
        }
    }

    func verify(_ factory: TestFactory) throws -> AuditVerification {
        try factory.audit.verify(factory.db, pageSize: 3)
    }

    @Test(arguments: TestBackends.all)
    func anUntouchedChainVerifies(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 7)
        let result = try verify(factory)
        #expect(result.isIntact)
        #expect(result.rowsChecked == 7)
    }

    @Test(arguments: TestBackends.all)
    func editingOneRowInTheDatabaseIsReportedAtThatRow(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 6)
        try factory.db.write { try $0.execute(#"UPDATE audit_log SET old_new_diff_json = '{"new":{"n":999},"old":null}' WHERE seq = 4"#) }
        let broken = try #require(try verify(factory).firstBreak)
        #expect(broken.kind == .altered)
        #expect(broken.seq == 4)
    }

    @Test(arguments: TestBackends.all)
    func changingWhoActedIsReported(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 3)
        try factory.db.write { try $0.execute("UPDATE audit_log SET role = 'direktor' WHERE seq = 2") }
        #expect(try verify(factory).firstBreak?.seq == 2)
    }

    @Test(arguments: TestBackends.all)
    func deletingARowIsReported(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 6)
        try factory.db.write { try $0.execute("DELETE FROM audit_log WHERE seq = 3") }
        let broken = try #require(try verify(factory).firstBreak)
        #expect(broken.kind == .missing)
        #expect(broken.seq == 3)
    }

    @Test(arguments: TestBackends.all)
    func swappingTwoRowsIsReported(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 6)
        try factory.db.write { db in
            try db.execute("UPDATE audit_log SET seq = -1 WHERE seq = 2")
            try db.execute("UPDATE audit_log SET seq = 2 WHERE seq = 5")
            try db.execute("UPDATE audit_log SET seq = 5 WHERE seq = -1")
        }
        let broken = try #require(try verify(factory).firstBreak)
        #expect(broken.kind == .altered)
        #expect(broken.seq == 2)
    }

    @Test(arguments: TestBackends.all)
    func deletingTheLastRowsIsReported(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 6)
        try factory.db.write { try $0.execute("DELETE FROM audit_log WHERE seq >= 5") }
        let broken = try #require(try verify(factory).firstBreak)
        #expect(broken.kind == .truncated)
        #expect(broken.seq == 5)
    }

    @Test(arguments: TestBackends.all)
    func aChangeAndItsAuditRowRollBackTogether(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 2)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try factory.db.write { db in
                try factory.audit.record(db, by: TestFactory.console, action: "test.abandoned", object: AuditObject("thing", "x"))
                throw Abort()
            }
        }
        try append(factory, 1)
        let result = try verify(factory)
        #expect(result.isIntact)
        #expect(result.rowsChecked == 3)
    }

    @Test(arguments: TestBackends.all)
    func aLongTransactionsRowsFollowOneAnotherInTheOrderRecorded(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 1)
        // More rows than one INSERT carries: a busy group commit's worth.
        try factory.db.write { db in
            for n in 1...150 {
                try factory.audit.record(db, by: TestFactory.console, action: "test.bulk", object: AuditObject("thing", "\(n)"))
            }
        }
        try append(factory, 1)
        #expect(try verify(factory).isIntact)
        let order = try factory.db.read { db in
            try db.query("SELECT seq, object_id FROM audit_log WHERE action = 'test.bulk' ORDER BY seq").map {
                (try $0.int("seq"), try $0.string("object_id"))
            }
        }
        #expect(order.map(\.0) == Array(2...151))
        #expect(order.map(\.1) == (1...150).map(String.init))
    }

    @Test(arguments: TestBackends.all)
    func twentyConcurrentWritersKeepTheChainValid(backend: Backend) async throws {
        let factory = try TestFactory(backend)
        let perWriter = 10
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<20 {
                group.addTask {
                    for n in 0..<perWriter {
                        try factory.db.write { db in
                            try factory.audit.record(db, by: TestFactory.console, action: "test.concurrent",
                                                     object: AuditObject("writer", "\(writer)"), new: ["n": .int(Int64(n))])
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = try factory.audit.verify(factory.db)
        #expect(result.isIntact, "\(result.firstBreak?.message ?? "")")
        #expect(result.rowsChecked == 20 * perWriter)
        let distinct = try factory.db.read { try $0.queryOne("SELECT COUNT(DISTINCT seq) AS n FROM audit_log")?.int("n") }
        #expect(distinct == Int64(20 * perWriter))
    }

    @Test(arguments: TestBackends.all)
    func aDifferentServerSecretCannotVerify(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try append(factory, 2)
        let stranger = AuditLog(secret: Data(repeating: 9, count: 32), clock: factory.clock)
        #expect(try stranger.verify(factory.db).firstBreak?.seq == 1)
    }
}
