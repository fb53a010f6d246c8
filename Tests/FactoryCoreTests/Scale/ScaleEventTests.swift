import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Spec §9.1 "scale_event_upsert duplicate (device_id, seq)" and DECISIONS B22/B24.
@Suite struct ScaleEventTests {
    @Test(arguments: TestBackends.all)
    func aResentReadingIsANoOp(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let first = try factory.reading("scale-E1-pack-01", kg: 25_400, seq: 7)
        guard case .accepted(_, late: false) = first else { Issue.record("expected accepted, got \(first)"); return }
        #expect(try factory.reading("scale-E1-pack-01", kg: 25_400, seq: 7) == .duplicate)
        #expect(try factory.reading("scale-E1-pack-01", kg: 99_000, seq: 7) == .duplicate, "the first reading with a seq wins")
        #expect(try factory.count("scale_events") == 1)
        // The same seq from another device, or after a gateway reboot, is a new reading.
        _ = try factory.reading("scale-MAIN-01", kg: 1_000, seq: 7)
        let device = try factory.device("scale-E1-pack-01")
        let rebooted = try factory.db.write { db in
            try factory.services.scaleEvents.record(db, device: device, ScaleReading(bootID: 1, seq: 7, deviceTime: nil, gross: Grams(1), stable: true))
        }
        guard case .accepted(_, late: true) = rebooted else { Issue.record("an unset device clock makes a reading late"); return }
        #expect(try factory.count("scale_events") == 3)
    }

    @Test(arguments: TestBackends.all)
    func aBatchCountsEachReadingOnceInTheOrderSentWhateverItsSize(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        _ = try factory.reading("scale-E1-pack-01", kg: 1_000, seq: 1)
        let device = try factory.device("scale-E1-pack-01")
        func reading(_ seq: Int64, _ grams: Int64) -> ScaleReading {
            ScaleReading(seq: seq, deviceTime: factory.clock.now(), gross: Grams(grams), stable: true)
        }
        // Stored before, new, the new one again with another weight, and more than one exchange holds.
        let batch = [reading(1, 9), reading(2, 2_000), reading(2, 9)] + (3...302).map { reading($0, $0 * 10) }
        let counts = try factory.db.write { db in try factory.services.scaleEvents.record(db, device: device, batch) }
        #expect(counts == ScaleEvents.Counts(accepted: 301, duplicates: 2, late: 0))
        #expect(try factory.count("scale_events") == 302)
        let weights = try factory.db.read { db in
            try db.query("SELECT seq, gross_g FROM scale_events WHERE seq IN (1, 2, 302) ORDER BY seq").map { try $0.int("gross_g") }
        }
        #expect(weights == [1_000, 2_000, 3_020], "the first reading with a key wins, in the batch as across batches")
    }

    @Test(arguments: TestBackends.all)
    func theLateReadingsOfABatchAreCountedAndMarkedAcrossItsChunks(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let device = try factory.device("scale-E1-pack-01")
        let now = factory.clock.now()
        // 70 readings are stored in more than one statement on SQLite (64 + 4 + 2); every
        // seventh was taken a minute before it arrived.
        let batch = (1...70).map { n in
            ScaleReading(seq: Int64(n), deviceTime: n % 7 == 0 ? now.adding(seconds: -60) : now, gross: Grams(Int64(n)), stable: true)
        }
        let counts = try factory.db.write { db in try factory.services.scaleEvents.record(db, device: device, batch) }
        #expect(counts == ScaleEvents.Counts(accepted: 70, duplicates: 0, late: 10))
        let marked = try factory.db.read { db in
            try db.query("SELECT seq FROM scale_events WHERE late_bool ORDER BY seq").map { try $0.int("seq") }
        }
        #expect(marked == Array(stride(from: 7, through: 70, by: 7)))
    }

    @Test(arguments: TestBackends.all)
    func aReadingFromLongAgoIsLate(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let outcome = try factory.reading("scale-E1-pack-01", kg: 25_000, deviceTime: factory.clock.now().adding(seconds: -11))
        guard case .accepted(_, late: true) = outcome else { Issue.record("expected late, got \(outcome)"); return }
        #expect {
            try factory.services.perform { db in
                try factory.services.scaleBinding.bind(db, device: try Device.find(db, "scale-E1-pack-01"),
                                                       to: AuditObject("package", "p"), by: TestFactory.console)
            }
        } throws: { ($0 as? FactoryError)?.reason == "rs_not_found_in_window" }
    }
}

/// Spec §19.1 and the one-load-binds-once rule, over the database.
@Suite struct ScaleBindingTests {
    func bind(_ factory: TestFactory, _ code: String, to id: String = UUID().uuidString) throws -> BoundReading {
        try factory.services.perform { db in
            try factory.services.scaleBinding.bind(db, device: try Device.find(db, code), to: AuditObject("package", id), by: TestFactory.console)
        }
    }

    @Test(arguments: TestBackends.all)
    func aStableReadingBehindManyNewerUnsettledOnesStillBinds(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        try factory.reading("scale-E1-pack-01", kg: 25_400)
        // A scale streaming at 10 Hz while the operator leans on the roll: 50 unsettled readings.
        for _ in 0..<50 {
            factory.clock.set(Timestamp(microsecondsSinceEpoch: factory.clock.now().microsecondsSinceEpoch + 100_000))
            try factory.reading("scale-E1-pack-01", kg: 25_450, stable: false)
        }
        #expect(try bind(factory, "scale-E1-pack-01").gross == Grams(25_400))
        factory.clock.advance(seconds: 6)
        // Past the window, nothing old binds however many readings there are to page through.
        #expect {
            try bind(factory, "scale-E1-pack-01")
        } throws: { ($0 as? FactoryError)?.reason == "rs_not_found_in_window" }
    }

    @Test(arguments: TestBackends.all)
    func twoWeighingsInTheSameSecondDoNotBookOneLoadTwice(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        // The load settles and the gateway streams three stable readings of it.
        for _ in 0..<3 {
            factory.clock.advance(seconds: 1)
            try factory.reading("scale-E1-pack-01", kg: 25_400)
        }
        let first = try bind(factory, "scale-E1-pack-01")
        #expect {
            try bind(factory, "scale-E1-pack-01")
        } throws: { ($0 as? FactoryError)?.reason == "rs_load_not_removed" }
        let bound = try factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM scale_events WHERE bind_ref IS NOT NULL")?.int("n") }
        #expect(bound == 1)
        // The next load, after the pan was emptied, binds.
        factory.clock.advance(seconds: 1)
        try factory.reading("scale-E1-pack-01", kg: 0, stable: false)
        factory.clock.advance(seconds: 1)
        try factory.reading("scale-E1-pack-01", kg: 25_100)
        let second = try bind(factory, "scale-E1-pack-01")
        #expect(second.gross == Grams(25_100) && second.eventID != first.eventID)
    }

    @Test(arguments: TestBackends.all)
    func theLatestStableReadingBindsOnce(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        try factory.reading("scale-E1-pack-01", kg: 24_900, stable: false)
        factory.clock.advance(seconds: 1)
        try factory.reading("scale-E1-pack-01", kg: 25_400)
        factory.clock.advance(seconds: 2)
        let bound = try bind(factory, "scale-E1-pack-01")
        #expect(bound.gross == Grams(25_400))
        let row = try factory.db.read { try #require(try $0.queryOne("SELECT bind_ref FROM scale_events WHERE id = ?", bound.eventID)) }
        #expect(try row.string("bind_ref").contains("package"))
        // The same roll still on the scale: refused until the pan is emptied.
        factory.clock.advance(seconds: 1)
        try factory.reading("scale-E1-pack-01", kg: 25_410)
        #expect {
            try bind(factory, "scale-E1-pack-01")
        } throws: { ($0 as? FactoryError)?.reason == "rs_load_not_removed" }
        factory.clock.advance(seconds: 1)
        try factory.reading("scale-E1-pack-01", kg: 30, stable: false)
        factory.clock.advance(seconds: 1)
        try factory.reading("scale-E1-pack-01", kg: 25_380)
        #expect(try bind(factory, "scale-E1-pack-01").gross == Grams(25_380))
    }

    @Test(arguments: TestBackends.all)
    func noReadingInTheWindowIsRefusedAndNothingIsWritten(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        try factory.reading("scale-E1-pack-01", kg: 25_400)
        factory.clock.advance(seconds: 11)
        let auditRows = try factory.count("audit_log")
        #expect {
            try bind(factory, "scale-E1-pack-01")
        } throws: { error in
            let e = error as? FactoryError
            return e?.code == .businessConflict && e?.reason == "rs_not_found_in_window" && e?.details["device"] == "scale-E1-pack-01"
        }
        #expect(try factory.count("audit_log") == auditRows)
    }

    @Test(arguments: TestBackends.all)
    func anExpiredCalibrationBlocksWeighingAndLeavesAGateOnRecord(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        // Due a second ago: past due (spec §19.5 blocks when due < now).
        try factory.db.write {
            try $0.execute("UPDATE devices SET calibration_due_at = ? WHERE code = 'scale-MAIN-01'", factory.clock.now().adding(seconds: -1))
        }
        try factory.reading("scale-MAIN-01", kg: 500_000)
        #expect {
            try bind(factory, "scale-MAIN-01")
        } throws: { error in
            let e = error as? FactoryError
            return e?.code == .gateBlocked && e?.details["gate"] == "calibration_expired"
        }
        let gates = try factory.db.read { db in
            try db.query("SELECT gate_type, released_at FROM gate_log").map { try $0.string("gate_type") }
        }
        #expect(gates == ["calibration_expired"])
        #expect(try factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM scale_events WHERE bind_ref IS NOT NULL")?.int("n") } == 0)
        #expect(try factory.audit.verify(factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func aLengthCounterIsNotAScale(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        #expect {
            try bind(factory, "len-E1-01")
        } throws: { ($0 as? FactoryError)?.reason == "not_a_scale" }
    }
}

/// The server issue's "NOTIFY on every new scale event": kiosks on PostgreSQL LISTEN instead of
/// polling, and hear only readings that were stored and committed.
@Suite struct ScaleEventNotifyTests {
    @Test(.enabled(if: TestBackends.postgresDSN != nil, "PostgreSQL only; the test command always provides one"))
    func aStoredReadingIsAnnouncedOnceAndADuplicateOrARollbackIsNot() throws {
        let dsn = try #require(TestBackends.postgresDSN)
        let factory = try TestFactory(.postgres)
        _ = try factory.loadUAT()
        // Channels are database-wide: a device code of its own keeps parallel tests apart.
        let code = "scale-notify-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try factory.services.masterData.importTexts([("devices.csv", """
            device_id,workcenter_code,type,serial,calibration_due_at,location
            \(code),E1,scale,SN-NOTIFY,2030-12-31,SHOP
            """)], into: factory.db, by: TestFactory.console)
        let listener = try PostgresListener(dsn: dsn, channel: ScaleEvents.channel)
        func heard() throws -> [String] {
            var mine: [String] = []
            for _ in 0..<3 { mine += try listener.wait(timeout: .milliseconds(200)).map(\.payload).filter { $0 == code } }
            return mine
        }

        try factory.reading(code, kg: 1_000, seq: 1)
        #expect(try heard() == [code])
        try factory.reading(code, kg: 1_000, seq: 1)
        #expect(try heard() == [], "a duplicate stores nothing and announces nothing")
        let device = try factory.device(code)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try factory.db.write { db in
                _ = try factory.services.scaleEvents.record(db, device: device, ScaleReading(seq: 2, deviceTime: nil, gross: Grams(5), stable: true))
                throw Abort()
            }
        }
        #expect(try heard() == [], "a rolled-back reading is never announced")
    }
}

/// The boards and the wall panel on PostgreSQL read again when a change of what they show is
/// announced on the board's channel at commit, not on every scale reading.
@Suite struct BoardNotifyTests {
    @Test(.enabled(if: TestBackends.postgresDSN != nil, "PostgreSQL only; the test command always provides one"))
    func aBusinessChangeIsAnnouncedAtCommitAndAReadingIsNot() throws {
        let dsn = try #require(TestBackends.postgresDSN)
        let floor = try Floor(.postgres)
        // The channel is database-wide; the payload names the schema, so parallel tests stay apart.
        let schema = try #require(try floor.factory.db.read { try $0.queryOne("SELECT current_schema() AS s")?.string("s") })
        let listener = try PostgresListener(dsn: dsn, channel: WallBoard.channel)
        func heard() throws -> Int {
            var mine = 0
            for _ in 0..<3 { mine += try listener.wait(timeout: .milliseconds(200)).filter { $0.payload == schema }.count }
            return mine
        }
        _ = try heard()
        try floor.factory.reading("scale-E1-pack-01", kg: 12_000)
        #expect(try heard() == 0, "a reading is the live weight's news, not the board's")
        _ = try floor.start("E1", operators: ["op.aziz"])
        #expect(try heard() == 1, "one announcement for the whole transaction")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try floor.factory.db.write { db in
                try db.execute("UPDATE sessions SET pause_reason = 'x'")
                throw Abort()
            }
        }
        #expect(try heard() == 0, "a rolled-back change is never announced")
    }
}
