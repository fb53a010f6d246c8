import FactoryCore
import Foundation

/// A fresh UAT plant for one benchmark: a temporary SQLite file, or the PostgreSQL database of
/// DB_DSN, migrated and loaded with the UAT master data, on a clock the benchmark moves.
struct BenchPlant {
    let services: FactoryServices
    let clock: ManualClock
    let console = AuditSource.console(osUser: "bench")
    private let path: String

    var database: any Database { services.database }

    init(demo: URL) throws {
        path = NSTemporaryDirectory() + "factory-bench-\(UUID().uuidString).db"
        var environment = ProcessInfo.processInfo.environment
        environment["FACTORY_DB_PATH"] = path
        environment["SERVER_SECRET"] = environment["SERVER_SECRET"] ?? String(repeating: "b", count: 32)
        environment["QC_SECRET"] = environment["QC_SECRET"] ?? String(repeating: "q", count: 32)
        let configuration = try Configuration(environment: environment)
        let database = try DatabaseFactory.open(configuration.storage)
        clock = ManualClock(SystemClock().now())
        _ = try Migrator.migrate(database, clock: clock)
        services = try FactoryServices(configuration: configuration, database: database, clock: clock, hasher: CredentialHasher(cost: 4))
        _ = try services.masterData.importDirectory(demo.appendingPathComponent("uat"), into: database, by: console)
    }

    var engine: String { database.backend == .sqlite ? "SQLite" : "PostgreSQL" }

    /// Closes the database and removes a temporary SQLite file.
    func close() {
        database.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// `runs` timings of `body`, in milliseconds; its last answer.
    static func time<T>(_ runs: Int, _ body: () throws -> T) rethrows -> (milliseconds: [Double], last: T) {
        var times: [Double] = []
        var last: T?
        for _ in 0..<runs {
            let started = DispatchTime.now().uptimeNanoseconds
            last = try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        return (times, last!)
    }
}
