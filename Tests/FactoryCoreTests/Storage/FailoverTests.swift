import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// PostgreSQL failover (spec §9 DR: at most 2 minutes): a primary and its synchronous standby,
/// the plant connected through one multi-host DSN with `target_session_attrs=read-write`. The
/// primary is killed with -9 while twenty packing stations and a gateway's readings stream, the
/// standby is promoted (`pg_ctl promote`, the documented procedure), and the same services carry
/// on by themselves: what failed meanwhile was refused as unavailable (503), nothing half
/// written, and every change acknowledged before the kill is on the new primary.
///
/// `scripts/test` starts the two servers (`scripts/lib/replicated-postgres.sh`); the test runs
/// when they are given, and must run wherever PostgreSQL is required.
@Suite struct FailoverTests {
    struct Cluster {
        let dsn: String
        let primaryDirectory: String
        let promote: String

        static var given: Cluster? {
            let environment = ProcessInfo.processInfo.environment
            guard let dsn = environment["FACTORY_TEST_PG_HA_DSN"], let primary = environment["FACTORY_TEST_PG_HA_PRIMARY_DIR"],
                  let promote = environment["FACTORY_TEST_PG_HA_PROMOTE"] else { return nil }
            return Cluster(dsn: dsn, primaryDirectory: primary, promote: promote)
        }

        static var expected: Bool { given != nil || ProcessInfo.processInfo.environment["FACTORY_TEST_REQUIRE_PG"] == "1" }

        /// kill -9 of the postmaster, as a power cut or an OOM kill would.
        func killPrimary() throws {
            let pidFile = try String(contentsOfFile: primaryDirectory + "/postmaster.pid", encoding: .utf8)
            let pid = try #require(pidFile.split(separator: "\n").first.flatMap { Int32($0) })
            #expect(kill(pid, SIGKILL) == 0)
        }

        func promoteStandby() throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", promote]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "pg_ctl promote")
        }
    }

    /// What the clients saw: acknowledged changes, refusals by code and reason, and when.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var state = (packages: [Package.ID](), readings: [Int64](), refusals: [String: Int](), killedAt: ContinuousClock.Instant?.none,
                             firstRefusal: ContinuousClock.Instant?.none, lastRefusal: ContinuousClock.Instant?.none,
                             writesAfterKill: [ContinuousClock.Instant](), stop: false)

        /// A backend of a killed postmaster may still finish what it was doing: writes count as
        /// back once they succeed after the last refusal.
        func packed(_ id: Package.ID) {
            lock.withLock {
                state.packages.append(id)
                if state.killedAt != nil { state.writesAfterKill.append(.now) }
            }
        }

        func read(_ seq: Int64) { lock.withLock { state.readings.append(seq) } }

        func refused(_ error: any Error) {
            let key = (error as? FactoryError).map { "\($0.code.rawValue)/\($0.reason)" } ?? "\(type(of: error))"
            lock.withLock {
                state.refusals[key, default: 0] += 1
                if state.killedAt != nil {
                    state.firstRefusal = state.firstRefusal ?? .now
                    state.lastRefusal = .now
                }
            }
        }

        func kill() { lock.withLock { state.killedAt = .now } }
        func halt() { lock.withLock { state.stop = true } }
        var stopped: Bool { lock.withLock { state.stop } }
        var packages: [Package.ID] { lock.withLock { state.packages } }
        var readings: [Int64] { lock.withLock { state.readings } }
        var refusals: [String: Int] { lock.withLock { state.refusals } }
        /// The outage as the clients saw it: the first and the last refusal after the kill, and
        /// the first write that succeeded after the last refusal.
        var outage: (first: ContinuousClock.Instant, last: ContinuousClock.Instant, back: ContinuousClock.Instant)? {
            lock.withLock {
                guard let first = state.firstRefusal, let last = state.lastRefusal,
                      let back = state.writesAfterKill.first(where: { $0 > last }) else { return nil }
                return (first, last, back)
            }
        }
    }

    @Test(.enabled(if: Cluster.expected), .timeLimit(.minutes(5)))
    func theStandbyTakesOverWhileStationsPackAndNoAcknowledgedChangeIsLost() throws {
        let cluster = try #require(Cluster.given, "FACTORY_TEST_PG_HA_* are set by scripts/test (scripts/lib/replicated-postgres.sh)")
        let floor = try Floor(.postgres, postgresDSN: cluster.dsn)
        let factory = floor.factory
        // Twenty packing stations on E1, each with its own scale and length counter.
        let stations = (1...20).map { String(format: "S%02d", $0) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stations-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = stations.flatMap { station in
            ["scale-E1-\(station),E1,scale,YP-\(station),2030-12-31,SHOP", "len-E1-\(station),E1,length_counter,LC-\(station),2030-12-31,SHOP"]
        }
        try (["device_id,workcenter_code,type,serial,calibration_due_at,location"] + rows).joined(separator: "\n")
            .write(to: folder.appendingPathComponent("devices.csv"), atomically: true, encoding: .utf8)
        _ = try floor.services.masterData.importDirectory(folder, into: factory.database, by: TestFactory.console)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 500_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 500_000)
        let aziz = try floor.uatUser("op.aziz")

        let tally = Tally()
        var threads: [Thread] = []
        for station in stations {
            threads.append(Thread {
                while !tally.stopped {
                    do {
                        // The pan empties and the counter starts again, a roll settles and is
                        // measured, the operator packs; the plant's clock moves on a little between.
                        for (device, grams, stable) in [("scale-E1-\(station)", Int64(0), false), ("len-E1-\(station)", 0, false),
                                                        ("scale-E1-\(station)", 30_000, true), ("len-E1-\(station)", 250_000, true)] {
                            factory.clock.advance(milliseconds: 2)
                            _ = try factory.reading(device, kg: grams, stable: stable)
                        }
                        factory.clock.advance(milliseconds: 2)
                        let package = try floor.services.perform { db in
                            try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-\(station)",
                                                                                    length: .counter(device: "len-E1-\(station)")))
                        }
                        tally.packed(package.id)
                    } catch {
                        tally.refused(error)
                        Thread.sleep(forTimeInterval: 0.05)
                    }
                }
            })
        }
        // The grinder line's gateway: a reading after another, each acknowledged by its seq.
        threads.append(Thread {
            var seq: Int64 = 1_000_000
            while !tally.stopped {
                seq += 1
                factory.clock.advance(milliseconds: 2)
                do {
                    _ = try factory.reading("scale-RW-IN-01", kg: 10_000 + seq % 1_000, stable: seq % 2 == 0, seq: seq)
                    tally.read(seq)
                } catch {
                    tally.refused(error)
                    seq -= 1  // the gateway keeps the reading and sends it again
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
        })
        threads.forEach { $0.start() }
        let warmUp = ContinuousClock.now.advanced(by: .seconds(60))
        while tally.packages.count < 100, tally.refusals.isEmpty, ContinuousClock.now < warmUp { Thread.sleep(forTimeInterval: 0.05) }
        let beforeKill = tally.packages.count
        guard beforeKill >= 100, tally.refusals.isEmpty else {
            tally.halt()
            while threads.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.02) }
            Issue.record("a healthy primary packs and refuses nothing: \(beforeKill) packed, refused \(tally.refusals)")
            return
        }

        let killed = ContinuousClock.now
        tally.kill()
        try cluster.killPrimary()
        try cluster.promoteStandby()
        let promoted = ContinuousClock.now
        // Run on until writes have gone through for two seconds with no refusal.
        let deadline = killed.advanced(by: .seconds(120))
        while ContinuousClock.now < deadline {
            if let outage = tally.outage, outage.back.duration(to: .now) > .seconds(2) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        tally.halt()
        let outage = try #require(tally.outage, "the kill was never felt, or writes never came back within two minutes")
        while threads.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.02) }

        // Everything acknowledged is on the new primary, read through a fresh connection.
        let check = try PostgresDatabase(dsn: cluster.dsn, poolSize: 1, searchPath: try factory.database.read {
            try $0.queryOne("SELECT current_schema() AS name")!.string("name")
        })
        defer { check.close() }
        let stored = Set(try check.read { try $0.query("SELECT id FROM packages").map { try $0.string("id") } })
        let lostPackages = tally.packages.filter { !stored.contains($0.text) }
        let storedSeqs = Set(try check.read {
            try $0.query("SELECT seq FROM scale_events WHERE device_id = (SELECT id FROM devices WHERE code = 'scale-RW-IN-01')").map { try $0.int("seq") }
        })
        let lostReadings = tally.readings.filter { !storedSeqs.contains($0) }
        let unacknowledged = stored.count - Set(tally.packages.map(\.text)).count
        #expect(lostPackages.isEmpty && lostReadings.isEmpty, "synchronous replication loses no acknowledged change")
        #expect(tally.refusals.keys.allSatisfy { $0.hasPrefix("unavailable/") }, "a write during the switch is refused as unavailable (503): \(tally.refusals)")
        #expect(try floor.services.audit.verify(check).isIntact, "the audit chain is whole on the new primary")
        let seconds = { (from: ContinuousClock.Instant, to: ContinuousClock.Instant) in
            String(format: "%.2f", Double(from.duration(to: to).components.attoseconds) / 1e18 + Double(from.duration(to: to).components.seconds))
        }
        print("""
            measured: failover: \(beforeKill) packages before the kill; after kill -9, writes refused from \(seconds(killed, outage.first)) s \
            to \(seconds(killed, outage.last)) s and steady again from \(seconds(killed, outage.back)) s (the promotion returned at \(seconds(killed, promoted)) s); acknowledged and lost: \(lostPackages.count) packages, \(lostReadings.count) readings; \
            committed but not acknowledged: \(unacknowledged); refused meanwhile: \(tally.refusals.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")); \
            after: \(tally.packages.count) packages, \(tally.readings.count) readings acknowledged
            """)
        #expect(killed.duration(to: outage.back) < .seconds(120), "spec: at most two minutes")
    }
}
