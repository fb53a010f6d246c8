import FactoryCore
import Foundation

/// Measures package creation (RS binding, tolerance, QR number, audit) and the balance preview
/// of a session with 1,000 QC-passed packages, on SQLite or, with DB_DSN, on PostgreSQL; with
/// `kpi-month`, a month's KPI and payroll (`KPIMonthBenchmark`); with `report-export`, a report of
/// a million rows in each format (`ReportExportBenchmark`).
/// Usage: factory-bench [packages] [demo-dir] | factory-bench kpi-month [demo-dir] | factory-bench report-export [rows] [demo-dir]
@main
struct BenchmarkMain {
    static func main() throws {
        if CommandLine.arguments.dropFirst().first == "report-export" {
            let arguments = CommandLine.arguments.dropFirst(2)
            return try ReportExportBenchmark.run(rows: arguments.first.flatMap(Int.init) ?? 1_000_000,
                                                 demo: URL(fileURLWithPath: arguments.dropFirst().first ?? "demo"))
        }
        if CommandLine.arguments.dropFirst().first == "kpi-month" {
            return try KPIMonthBenchmark.run(demo: URL(fileURLWithPath: CommandLine.arguments.dropFirst(2).first ?? "demo"))
        }
        let arguments = CommandLine.arguments.dropFirst()
        let count = arguments.first.flatMap(Int.init) ?? 1000
        let demo = URL(fileURLWithPath: arguments.dropFirst().first ?? "demo")
        let plant = try BenchPlant(demo: demo)
        defer { plant.close() }
        let (services, database, clock, console) = (plant.services, plant.database, plant.clock, plant.console)

        let suffix = UUID().uuidString.prefix(6).lowercased()
        let head = Actor(try database.write { try services.users.add($0, by: console, .init(username: "head.\(suffix)", fullName: "Head", position: .sexBoshligi)) })
        let packer = Actor(try database.write { try services.users.add($0, by: console, .init(username: "op.\(suffix)", fullName: "Op", position: .operator, grade: .katta)) })
        let otk = Actor(try database.write { try services.users.add($0, by: console, .init(username: "otk.\(suffix)", fullName: "OTK", position: .otk, pin: "1234")) })
        try database.write { db in
            try db.execute("""
                INSERT INTO operator_qualifications (id, user_id, workcenter_id, granted_at) SELECT ?, ?, id, ? FROM workcenters WHERE code = 'E1'
                """, UUID().uuidString.lowercased(), packer.userID, clock.now())
        }
        let session = try services.perform {
            try services.sessions.start($0, by: head, .init(workcenter: "E1", sku: "SET-05", partiyaNo: "BENCH", shift: .day, operators: [packer.username]))
        }
        let scale = try database.read { try Device.find($0, "scale-E1-pack-01") }
        let counter = try database.read { try Device.find($0, "len-E1-01") }
        var seq: Int64 = 0
        func reading(_ device: Device, _ value: Int64, stable: Bool = true) throws {
            seq += 1
            _ = try database.write { try services.scaleEvents.record($0, device: device, ScaleReading(seq: seq, deviceTime: clock.now(), gross: Grams(value), stable: stable)) }
        }

        var createTimes: [Double] = []
        var packages: [Package] = []
        for n in 0..<count {
            clock.advance(seconds: 1)
            try reading(scale, 0, stable: false)
            try reading(counter, 0, stable: false)
            try reading(scale, 25_000 + Int64(n % 200))
            try reading(counter, 500_000)
            let started = DispatchTime.now().uptimeNanoseconds
            let package = try services.perform {
                try services.packages.create($0, by: packer, .init(session: session.id, scale: scale.code, length: .counter(device: counter.code)))
            }
            createTimes.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            packages.append(package)
        }
        let checked = try database.read { try services.qc.checkPIN($0, by: otk, pin: "1234") }
        for package in packages where package.status == .awaitingQC {
            _ = try services.perform {
                try services.qc.decide($0, by: otk, .init(package: package.id, decision: .ok, protocolNotes: ["visual": "ok"], pin: checked))
            }
        }

        var previewTimes: [Double] = []
        var preview: BalanceService.Preview?
        for _ in 0..<200 {
            let started = DispatchTime.now().uptimeNanoseconds
            preview = try database.read { try services.balance.preview($0, by: head, session: session.id) }
            previewTimes.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        print("engine: \(plant.engine); packages in the session: \(count); good: \(preview?.balance.good.decimalText ?? "?") kg")
        print(summary("package creation (bind weight + length, tolerance, QR, audit)", createTimes))
        print(summary("balance preview (\(count) packages)", previewTimes))
    }

    static func summary(_ label: String, _ samples: [Double]) -> String {
        let sorted = samples.sorted()
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        return String(format: "%@: n=%d mean %.3f ms, p50 %.3f ms, p95 %.3f ms, max %.3f ms", label, sorted.count, mean, at(0.5), at(0.95), sorted.last ?? 0)
    }
}
