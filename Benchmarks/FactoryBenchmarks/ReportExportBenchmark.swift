import FactoryCore
import Foundation

/// A report of a million rows (spec §8: ≤ 90 s, async, without blocking the API), measured
/// beside the engine's own export of the same rows (`sqlite3 -csv`, `psql \copy`): QC decisions
/// written straight into the tables (one session, `rows` packages each with its decision, over
/// a month), then the `qc_defect` report in CSV, XLSX and PDF through the report runner as the
/// worker runs it. Meanwhile a package is created every few milliseconds, and its p99 is quoted
/// beside the p99 with no report running. The anonymous memory (heap) is read after a quarter of the rows and
/// after all of them: flat means streaming. (Resident memory would also count the database file's
/// pages SQLite maps in, up to its 256 MB mmap_size, which are the file's, not the report's.)
/// Usage: factory-bench report-export [rows] [demo-dir]
enum ReportExportBenchmark {
    static func run(rows: Int, demo: URL) throws {
        let plant = try BenchPlant(demo: demo)
        defer { plant.close() }
        let (services, database, clock, console) = (plant.services, plant.database, plant.clock, plant.console)
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("factory-bench-reports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let runner = ReportRunner(services: services, directory: directory, words: .shipped())

        let suffix = UUID().uuidString.prefix(6).lowercased()
        let head = Actor(try database.write { try services.users.add($0, by: console, .init(username: "head.\(suffix)", fullName: "Head", position: .sexBoshligi)) })
        let director = Actor(try database.write { try services.users.add($0, by: console, .init(username: "dir.\(suffix)", fullName: "Direktor", position: .direktor)) })
        let packer = Actor(try database.write { try services.users.add($0, by: console, .init(username: "op.\(suffix)", fullName: "Op", position: .operator, grade: .katta)) })
        try database.write { db in
            try db.execute("""
                INSERT INTO operator_qualifications (id, user_id, workcenter_id, granted_at) SELECT ?, ?, id, ? FROM workcenters WHERE code = 'E1'
                """, UUID().uuidString.lowercased(), packer.userID, clock.now())
        }
        let month = "2026-10"
        let (start, _) = services.calendar.month(month)!
        clock.set(start)
        let session = try services.perform {
            try services.sessions.start($0, by: head, .init(workcenter: "E1", sku: "SET-05", partiyaNo: "BENCH", shift: .day, operators: [packer.username]))
        }

        let filled = try BenchPlant.time(1) { try fill(database, session: session.id.text, inspector: director.userID.text, rows: rows, from: start) }
        print("engine: \(plant.engine); \(rows) packages with their QC decision written in \(seconds(filled.milliseconds[0]))")

        // The engine's own CSV of the same rows, for comparison.
        let select = selectText(database.backend, from: start, to: start.adding(seconds: 40 * 86_400))
        let native = try BenchPlant.time(1) { try nativeExport(database, select: select, configuration: services.configuration, to: directory) }
        print("\(database.backend == .sqlite ? "sqlite3 -csv" : "psql \\copy"): \(native.last) rows in \(seconds(native.milliseconds[0]))")

        // Package creations alone, then while each report runs.
        let scale = try database.read { try Device.find($0, "scale-E1-pack-01") }
        let counter = try database.read { try Device.find($0, "len-E1-01") }
        var seq: Int64 = 0
        func createOne() throws -> Double {
            for (device, value, stable) in [(scale, Int64(0), false), (counter, Int64(0), false), (scale, Int64(25_000), true), (counter, Int64(500_000), true)] {
                seq += 1
                _ = try database.write { try services.scaleEvents.record($0, device: device, ScaleReading(seq: seq, deviceTime: clock.now(), gross: Grams(value), stable: stable)) }
            }
            let began = DispatchTime.now().uptimeNanoseconds
            _ = try services.perform { try services.packages.create($0, by: packer, .init(session: session.id, scale: scale.code, length: .counter(device: counter.code))) }
            return Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6
        }
        var quiet: [Double] = []
        for _ in 0..<300 { clock.advance(seconds: 1); quiet.append(try createOne()) }
        print(String(format: "package creation, nothing else running: p50 %.2f ms, p99 %.2f ms", percentile(quiet, 0.5), percentile(quiet, 0.99)))

        let to = services.calendar.plantDay(of: start.adding(seconds: 39 * 86_400))
        for format in [ReportFormat.csv, .xlsx, .pdf] {
            var busy: [Double] = []
            let heapBefore = heapInUse()
            let box = Box()
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                do {
                    let job = try services.perform { try services.reports.submit($0, by: director, ReportRequest(type: .qcDefect, format: format, from: "\(month)-01", to: to, language: .ru)) }
                    let claimed = try database.write { try services.reports.claim($0) }!
                    precondition(claimed.id == job.id)
                    let began = DispatchTime.now().uptimeNanoseconds
                    let ran = try runner.run(claimed) { written in
                        if written >= rows / 4, box.quarterHeap == 0 { box.quarterHeap = heapInUse() }
                        if written >= rows { box.fullHeap = heapInUse() }
                    }
                    box.outcome = (ran, Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9, box.quarterHeap, box.fullHeap)
                } catch { box.failure = error }
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
            while done.wait(timeout: .now()) == .timedOut {
                clock.advance(seconds: 1)
                busy.append(try createOne())
                Thread.sleep(forTimeInterval: 0.005)
            }
            if let failure = box.failure { throw failure }
            guard let outcome = box.outcome, outcome.job.status == .done else { print("\(format.rawValue): failed: \(box.outcome?.job.error ?? "?")"); continue }
            print(String(format: "qc_defect %@: %d rows, %.1f MB in %.2f s (%.1f× the engine's CSV); heap in use %.1f MB before, %.1f MB at a quarter of the rows, %.1f MB at all of them; peak resident %d MB; package creation meanwhile: n=%d p50 %.2f ms, p99 %.2f ms",
                         format.rawValue, outcome.job.rows ?? 0, Double(outcome.job.bytes ?? 0) / 1e6, outcome.seconds,
                         outcome.seconds / (native.milliseconds[0] / 1000), megabytes(heapBefore), megabytes(outcome.quarterHeap), megabytes(outcome.fullHeap),
                         peakRSS() >> 20,
                         busy.count, percentile(busy, 0.5), percentile(busy, 0.99)))
        }
    }

    /// What the report's thread leaves for the main one, read after it signalled.
    final class Box: @unchecked Sendable {
        var outcome: (job: ReportJobs.Job, seconds: Double, quarterHeap: Int, fullHeap: Int)?
        var fullHeap = 0
        var failure: (any Error)?
        var quarterHeap = 0
    }

    /// The query the report runs, with its bounds written in: what the engine's own export reads.
    static func selectText(_ backend: Backend, from: Timestamp, to: Timestamp) -> String {
        """
        SELECT q.ts, p.qr_code, w.code AS workcenter, k.code AS sku, s.partiya_no, s.shift, q.decision, p.weight_g, u.username AS inspector, q.protocol_json \
        FROM qc_records q JOIN packages p ON p.id = q.package_id JOIN sessions s ON s.id = p.session_id JOIN workcenters w ON w.id = s.workcenter_id \
        JOIN skus k ON k.id = p.sku_id LEFT JOIN users u ON u.id = q.inspector_id \
        WHERE q.ts >= '\(from.iso8601)' AND q.ts < '\(to.iso8601)' ORDER BY q.ts, p.qr_code
        """
    }

    /// `rows` packages of one session, each decided by QC, a few seconds apart from `from` on.
    static func fill(_ database: any Database, session: String, inspector: String, rows: Int, from: Timestamp) throws {
        try database.write { db in
            let sku = try db.queryOne("SELECT id FROM skus WHERE code = 'SET-05'")!.string("id")
            switch db.backend {
            case .sqlite:
                try db.execute("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                    INSERT INTO packages (id, session_id, sku_id, qr_code, weight_g, weight_trusted_bool, tolerance_status, status, created_at, updated_at)
                    SELECT printf('00000000-0000-4000-8000-%012d', i), ?, ?, printf('BENCH-%08d', i), 24000 + i % 2000, 1, 'ok', 'qc_ok',
                           strftime('%Y-%m-%dT%H:%M:%S.000000Z', ?, '+' || (i * 2) || ' seconds'), strftime('%Y-%m-%dT%H:%M:%S.000000Z', ?, '+' || (i * 2) || ' seconds')
                    FROM n
                    """, Int64(rows), session, sku, from.iso8601, from.iso8601)
                try db.execute("""
                    INSERT INTO qc_records (id, package_id, inspector_id, decision, protocol_json, e_pechat_hash, ts)
                    SELECT printf('00000000-0000-4000-9000-%012d', substr(qr_code, 7) + 0), id, ?,
                           CASE WHEN substr(qr_code, 7) % 50 = 0 THEN 'reject' WHEN substr(qr_code, 7) % 20 = 0 THEN 'partial' ELSE 'ok' END,
                           '{"visual":"ok","width_mm":1000}', 'bench', strftime('%Y-%m-%dT%H:%M:%S.000000Z', created_at, '+1 seconds')
                    FROM packages WHERE qr_code LIKE 'BENCH-%'
                    """, inspector)
            case .postgres:
                try db.execute("""
                    INSERT INTO packages (id, session_id, sku_id, qr_code, weight_g, weight_trusted_bool, tolerance_status, status, created_at, updated_at)
                    SELECT gen_random_uuid(), CAST(? AS uuid), CAST(? AS uuid), 'BENCH-' || lpad(i::text, 8, '0'), 24000 + i % 2000, true, 'ok', 'qc_ok',
                           CAST(? AS timestamptz) + i * interval '2 seconds', CAST(? AS timestamptz) + i * interval '2 seconds'
                    FROM generate_series(1, CAST(? AS integer)) AS i
                    """, session, sku, from, from, Int64(rows))
                try db.execute("""
                    INSERT INTO qc_records (id, package_id, inspector_id, decision, protocol_json, e_pechat_hash, ts)
                    SELECT gen_random_uuid(), id, CAST(? AS uuid),
                           CASE WHEN substr(qr_code, 7)::int % 50 = 0 THEN 'reject' WHEN substr(qr_code, 7)::int % 20 = 0 THEN 'partial' ELSE 'ok' END,
                           '{"visual":"ok","width_mm":1000}', 'bench', created_at + interval '1 second'
                    FROM packages WHERE qr_code LIKE 'BENCH-%'
                    """, inspector)
            }
        }
        if database.backend == .postgres { try database.write { try $0.executeScript("ANALYZE packages; ANALYZE qc_records") } }
    }

    /// The engine's command-line client writes the same rows as CSV; answers the lines written.
    static func nativeExport(_ database: any Database, select: String, configuration: Configuration, to directory: URL) throws -> Int {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("native.csv")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        switch configuration.storage {
        case .sqlite(let path):
            process.arguments = ["sqlite3", "-csv", "-header", path, select]
            FileManager.default.createFile(atPath: output.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
        case .postgres(let dsn):
            process.arguments = ["psql", dsn, "-q", "-c", "\\copy (\(select)) TO '\(output.path)' WITH CSV HEADER"]
        }
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: output)
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1
    }

    /// Anonymous resident memory now (`RssAnon` of /proc/self/status): the heap and stacks,
    /// without the file pages SQLite maps in.
    static func heapInUse() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }

    static func megabytes(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }

    /// The process's peak resident memory so far, in bytes.
    static func peakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    static func percentile(_ samples: [Double], _ q: Double) -> Double {
        let sorted = samples.sorted()
        return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    }

    static func seconds(_ milliseconds: Double) -> String { String(format: "%.2f s", milliseconds / 1000) }
}
