import FactoryCore
import Foundation

/// The backends a service test runs on: SQLite always, PostgreSQL when the test command
/// started one (`FACTORY_TEST_PG_DSN`). With `FACTORY_TEST_REQUIRE_PG=1` a missing
/// PostgreSQL fails the run instead of quietly testing one engine.
public enum TestBackends {
    public static var all: [Backend] {
        ProcessInfo.processInfo.environment["FACTORY_TEST_PG_DSN"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static var postgresDSN: String? { ProcessInfo.processInfo.environment["FACTORY_TEST_PG_DSN"] }
}

/// A fresh, migrated database of one backend, with services over a test clock. Each test
/// gets its own SQLite file or PostgreSQL schema, so tests run in parallel.
public final class TestFactory: @unchecked Sendable {
    public static let start = Timestamp(parsing: "2026-11-25T06:00:00Z")!
    public static let secret = Data(repeating: 7, count: 32)

    public let backend: Backend
    /// The database file of a SQLite factory, for a process that opens it beside the test.
    public private(set) var sqlitePath: String?
    /// For a process beside the test: `--db PATH` on SQLite, `--dsn URI` (the test's schema) on PostgreSQL.
    public private(set) var storageArguments: [String] = []
    public let clock = ManualClock(TestFactory.start)
    public let services: FactoryServices
    public let database: any Database
    private let cleanup: () -> Void
    let sequenceLock = NSLock()
    var sequence: Int64 = 0

    public var db: any Database { database }
    public var audit: AuditLog { services.audit }

    /// `settings` adds configuration of spec §13 (`STRICT_RS_ONLY`, …) to the test's own.
    /// `postgresDSN`: another PostgreSQL than the suite's (the failover test's primary and standby).
    public init(_ backend: Backend, settings: [String: String] = [:], postgresDSN: String? = nil) throws {
        self.backend = backend
        var environment = ["SERVER_SECRET": String(repeating: "s", count: 32), "QC_SECRET": String(repeating: "q", count: 32)]
            .merging(settings) { $1 }
        // Report files of this test, deleted with its database.
        let reports = NSTemporaryDirectory() + "factory-reports-\(UUID().uuidString)"
        environment["REPORT_DIR"] = environment["REPORT_DIR"] ?? reports
        switch backend {
        case .sqlite:
            let path = NSTemporaryDirectory() + "factory-test-\(UUID().uuidString).db"
            environment["FACTORY_DB_PATH"] = path
            sqlitePath = path
            storageArguments = ["--db", path]
            database = try SQLiteDatabase(path: path)
            cleanup = {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                try? FileManager.default.removeItem(atPath: reports)
            }
        case .postgres:
            guard let dsn = postgresDSN ?? TestBackends.postgresDSN else {
                throw FactoryError.unavailable("no_test_postgres", "FACTORY_TEST_PG_DSN is not set")
            }
            let schema = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try PostgresDatabase(dsn: dsn, poolSize: 1)
            try admin.write { try $0.executeScript("CREATE SCHEMA \(schema)") }
            environment["DB_DSN"] = dsn
            storageArguments = ["--dsn", dsn + (dsn.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"]
            database = try PostgresDatabase(dsn: dsn, poolSize: 8, searchPath: schema)
            let opened = database
            cleanup = {
                opened.close()
                try? admin.write { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                admin.close()
                try? FileManager.default.removeItem(atPath: reports)
            }
        }
        let configuration = try Configuration(environment: environment)
        _ = try Migrator.migrate(database, clock: clock)
        services = try FactoryServices(configuration: configuration, database: database, clock: clock,
                                       hasher: CredentialHasher(cost: 4))
    }

    deinit {
        database.close()
        cleanup()
    }

    /// Loads the UAT master data (without credentials) from the repository's demo folder.
    public func loadUAT() throws -> ImportReport {
        try services.masterData.importDirectory(Self.demoDirectory.appendingPathComponent("uat"), into: database, by: Self.console)
    }

    public static let console = AuditSource.console(osUser: "test")

    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let demoDirectory = repositoryRoot.appendingPathComponent("demo")

    /// A user of the given position, created directly, for tests that need an actor.
    public func actor(_ position: Position, _ username: String? = nil, grade: Grade? = nil) throws -> Actor {
        let name = username ?? "\(position.rawValue.replacingOccurrences(of: "_", with: "-"))-\(UUID().uuidString.prefix(6).lowercased())"
        let user = try database.write { db in
            try services.users.add(db, by: Self.console, .init(
                username: name, fullName: "Test \(position.rawValue)", position: position,
                grade: grade ?? (position == .operator ? .katta : nil)))
        }
        return Actor(user)
    }

    public func count(_ table: String) throws -> Int64 {
        try database.read { try $0.queryOne("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? 0 }
    }
}


extension TestFactory {
    public func device(_ code: String) throws -> Device {
        try database.read { try Device.find($0, code) }
    }

    /// A reading arriving now from a device, as the ingest would store it.
    @discardableResult
    public func reading(_ code: String, kg grams: Int64, stable: Bool = true, seq: Int64? = nil, deviceTime: Timestamp? = nil) throws -> ScaleEvents.Outcome {
        let device = try device(code)
        let seq = seq ?? nextSeq()
        return try database.write { db in
            try services.scaleEvents.record(db, device: device, ScaleReading(
                seq: seq, deviceTime: deviceTime ?? clock.now(), gross: Grams(grams), stable: stable))
        }
    }

    private func nextSeq() -> Int64 {
        sequenceLock.withLock {
            sequence += 1
            return sequence
        }
    }
}
