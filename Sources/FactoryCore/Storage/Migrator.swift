/// One versioned change of the schema, named `YYYYMMDDHHMM_description` (DECISIONS A).
struct Migration: Sendable {
    let id: String
    let sql: @Sendable (Backend) -> String
}

/// What `migrate` did.
public struct MigrationReport: Sendable, Equatable {
    public var applied: [String]
    public var alreadyApplied: [String]
    public var partitionsCreated: [String]
}

/// Applies the migrations a database lacks, each in its own transaction, and records them in
/// `schema_migrations`. Running it again applies nothing.
public enum Migrator {
    static let migrations: [Migration] = [
        Migration(id: Schema0001Initial.id) { SchemaDialect.expand(Schema0001Initial.sql, for: $0) },
        Migration(id: Schema0002Partitions.id) { Schema0002Partitions.sql(for: $0) },
        Migration(id: Schema0003ShiftSnapshots.id) { SchemaDialect.expand(Schema0003ShiftSnapshots.sql, for: $0) },
        Migration(id: Schema0004TransferLineOrder.id) { SchemaDialect.expand(Schema0004TransferLineOrder.sql, for: $0) },
        Migration(id: Schema0005ReadingWindowOrder.id) { SchemaDialect.expand(Schema0005ReadingWindowOrder.sql, for: $0) },
        Migration(id: Schema0006ReadingsByDevice.id) { SchemaDialect.expand(Schema0006ReadingsByDevice.sql, for: $0) },
        Migration(id: Schema0007CredentialLockouts.id) { SchemaDialect.expand(Schema0007CredentialLockouts.sql, for: $0) },
        Migration(id: Schema0008GateHits.id) { SchemaDialect.expand(Schema0008GateHits.sql, for: $0) },
        Migration(id: Schema0009BoardChanges.id) { Schema0009BoardChanges.sql(for: $0) },
        Migration(id: Schema0010KPIAndPayroll.id) { SchemaDialect.expand(Schema0010KPIAndPayroll.sql, for: $0) },
        Migration(id: Schema0011IntegrationResults.id) { SchemaDialect.expand(Schema0011IntegrationResults.sql, for: $0) },
        Migration(id: Schema0012ReportJobs.id) { SchemaDialect.expand(Schema0012ReportJobs.sql, for: $0) },
        Migration(id: Schema0013AlertObjects.id) { SchemaDialect.expand(Schema0013AlertObjects.sql, for: $0) },
        Migration(id: Schema0014AlertDeliveries.id) { SchemaDialect.expand(Schema0014AlertDeliveries.sql, for: $0) },
    ]

    /// Every migration this build knows, oldest first.
    public static var known: [String] { migrations.map(\.id) }

    /// The newest migration this build knows.
    public static var latest: String { migrations.last!.id }

    public static func migrate(_ database: any Database, clock: any WallClock) throws -> MigrationReport {
        var report = MigrationReport(applied: [], alreadyApplied: [], partitionsCreated: [])
        for migration in migrations {
            let applied = try database.write { db -> Bool in
                try db.executeScript("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
                    """)
                if db.backend == .postgres {
                    // Two `factory migrate` runs at once wait for each other instead of racing.
                    _ = try db.query("SELECT pg_advisory_xact_lock(727274)")
                }
                guard try db.queryOne("SELECT id FROM schema_migrations WHERE id = ?", migration.id) == nil else {
                    return false
                }
                let script = migration.sql(db.backend)
                if !script.isEmpty { try db.executeScript(script) }
                try db.execute("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", migration.id, clock.now())
                return true
            }
            if applied { report.applied.append(migration.id) } else { report.alreadyApplied.append(migration.id) }
        }
        report.partitionsCreated = try Partitions.ensure(database, around: clock.now())
        try PermissionMirror.sync(database)
        return report
    }

    /// The migrations a database has not yet applied; empty means it is current.
    public static func pending(_ database: any Database) throws -> [String] {
        try database.read { db in
            let exists: Bool
            switch db.backend {
            case .sqlite:
                exists = try db.queryOne("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") != nil
            case .postgres:
                exists = try db.queryOne("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")?.bool("present") ?? false
            }
            guard exists else { return migrations.map(\.id) }
            let done = Set(try db.query("SELECT id FROM schema_migrations").map { try $0.string("id") })
            return migrations.map(\.id).filter { !done.contains($0) }
        }
    }
}
