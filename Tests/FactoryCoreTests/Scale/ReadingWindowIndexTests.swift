import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// A gateway that comes back online sends its backlog at once: thousands of readings of a few
/// scales, all ingested within the last seconds, so all inside every weighing's window. Each
/// weighing reads its own scale's window (`ScaleBinding`), and that must stay a walk down the
/// scale's own index. With an index on the time alone, PostgreSQL's plan for the window walked
/// the whole backlog by time and dropped the other scales' rows one by one: 26 ms per window,
/// two windows per package, for as long as the backlog stayed in the window.
@Suite struct ReadingWindowIndexTests {
    @Test(arguments: TestBackends.all)
    func aWeighingReadsItsOwnScalesIndexWhileABacklogOfOthersFillsTheWindow(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let flooding = try ["scale-E1-pack-01", "scale-RW-IN-01", "scale-MAIN-01", "len-E1-01"].map { try factory.device($0).id }
        let weighing = try factory.device("scale-SHOP-01")
        let now = factory.clock.now()
        try factory.db.write { db in
            for n in 0..<8_000 {
                _ = try db.send("""
                    INSERT INTO scale_events (id, device_id, seq, ts_device, ts_ingested, gross_g, stable_bool)
                    VALUES (?, ?, ?, ?, ?, 25000, TRUE)
                    """, UUID().uuidString.lowercased(), flooding[n % flooding.count], Int64(n), now,
                    Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch - Int64(n) * 1_000))
            }
            try db.flush()
        }
        try factory.db.write { try $0.executeScript("ANALYZE") }
        // The window as the binding asks it; on PostgreSQL as a generic plan, which is what the
        // server's connections run.
        func window(device: String, from: String, to: String) -> String {
            """
            SELECT id, gross_g, stable_bool, late_bool, bind_ref, ts_ingested FROM scale_events
            WHERE device_id = \(device) AND ts_ingested >= \(from) AND ts_ingested <= \(to)
            ORDER BY ts_ingested DESC, id DESC LIMIT 16 OFFSET 0
            """
        }
        let (device, from, to) = ("'\(weighing.id.text)'", "'\(now.adding(seconds: -10).iso8601)'", "'\(now.iso8601)'")
        let plan: String = try factory.db.read { db in
            switch backend {
            case .sqlite:
                return try db.query("EXPLAIN QUERY PLAN \(window(device: device, from: from, to: to))")
                    .map { try $0.string("detail") }.joined(separator: "\n")
            case .postgres:
                try db.executeScript("PREPARE window_plan(uuid, timestamptz, timestamptz) AS \(window(device: "$1", from: "$2", to: "$3"))")
                defer { try? db.executeScript("DEALLOCATE window_plan") }
                return try db.query("EXPLAIN EXECUTE window_plan(\(device), \(from), \(to))").map { try $0.string("QUERY PLAN") }.joined(separator: "\n")
            }
        }
        let deviceIndex = backend == .postgres ? "device_id_ts_ingested_id_idx" : "scale_events_device_window"
        #expect(plan.contains(deviceIndex), "the window is read from the scale's own index:\n\(plan)")
    }
}
