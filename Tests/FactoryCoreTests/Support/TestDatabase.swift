import FactoryCore
import Foundation
import Testing

/// The backends a service test runs on: SQLite always, PostgreSQL when the test command
/// started one (`FACTORY_TEST_PG_DSN`). With `FACTORY_TEST_REQUIRE_PG=1` a missing
/// PostgreSQL fails the run instead of quietly testing one engine.
enum TestBackends {
    static var all: [Backend] {
        ProcessInfo.processInfo.environment["FACTORY_TEST_PG_DSN"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresDSN: String? { ProcessInfo.processInfo.environment["FACTORY_TEST_PG_DSN"] }
}

/// A fresh, migrated database of one backend, with services over a test clock. Each test
/// gets its own SQLite file or PostgreSQL schema, so tests run in parallel.
final class TestFactory: @unchecked Sendable {
    static let start = Timestamp(parsing: "2026-11-25T06:00:00Z")!
    static let secret = Data(repeating: 7, count: 32)

    let backend: Backend
    let clock = ManualClock(TestFactory.start)
    let services: FactoryServices
    let database: any Database
    private let cleanup: () -> Void
    let sequenceLock = NSLock()
    var sequence: Int64 = 0

    var db: any Database { database }
    var audit: AuditLog { services.audit }

    init(_ backend: Backend) throws {
        self.backend = backend
        var environment = ["SERVER_SECRET": String(repeating: "s", count: 32), "QC_SECRET": String(repeating: "q", count: 32)]
        switch backend {
        case .sqlite:
            let path = NSTemporaryDirectory() + "factory-test-\(UUID().uuidString).db"
            environment["FACTORY_DB_PATH"] = path
            database = try SQLiteDatabase(path: path)
            cleanup = {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        case .postgres:
            let dsn = try #require(TestBackends.postgresDSN, "FACTORY_TEST_PG_DSN is not set")
            let schema = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try PostgresDatabase(dsn: dsn, poolSize: 1)
            try admin.write { try $0.executeScript("CREATE SCHEMA \(schema)") }
            environment["DB_DSN"] = dsn
            database = try PostgresDatabase(dsn: dsn, poolSize: 8, searchPath: schema)
            let opened = database
            cleanup = {
                opened.close()
                try? admin.write { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                admin.close()
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
    func loadUAT() throws -> ImportReport {
        try services.masterData.importDirectory(Self.demoDirectory.appendingPathComponent("uat"), into: database, by: Self.console)
    }

    static let console = AuditSource.console(osUser: "test")

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let demoDirectory = repositoryRoot.appendingPathComponent("demo")

    /// A user of the given position, created directly, for tests that need an actor.
    func actor(_ position: Position, _ username: String? = nil, grade: Grade? = nil) throws -> Actor {
        let name = username ?? "\(position.rawValue.replacingOccurrences(of: "_", with: "-"))-\(UUID().uuidString.prefix(6).lowercased())"
        let user = try database.write { db in
            try services.users.add(db, by: Self.console, .init(
                username: name, fullName: "Test \(position.rawValue)", position: position,
                grade: grade ?? (position == .operator ? .katta : nil)))
        }
        return Actor(user)
    }

    func count(_ table: String) throws -> Int64 {
        try database.read { try $0.queryOne("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? 0 }
    }
}

@Suite struct TestEnvironment {
    @Test func postgresIsPresentWhenTheTestCommandPromisedIt() {
        let required = ProcessInfo.processInfo.environment["FACTORY_TEST_REQUIRE_PG"] == "1"
        #expect(!required || TestBackends.all.contains(.postgres),
                "FACTORY_TEST_REQUIRE_PG=1 but FACTORY_TEST_PG_DSN is not set: the PostgreSQL leg would not run")
    }
}

extension TestFactory {
    func device(_ code: String) throws -> Device {
        try database.read { try Device.find($0, code) }
    }

    /// A reading arriving now from a device, as the ingest would store it.
    @discardableResult
    func reading(_ code: String, kg grams: Int64, stable: Bool = true, seq: Int64? = nil, deviceTime: Timestamp? = nil) throws -> ScaleEvents.Outcome {
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
