import Foundation

/// Backups that restore (spec §9 DR, §13 BACKUP_KEEP_DAYS), through each engine's own
/// machinery: SQLite's `VACUUM INTO`, an online and consistent copy taken while the server
/// writes; PostgreSQL's `pg_dump` in the very snapshot the manifest is read from, and
/// `pg_restore` in one transaction. Every file is sealed (`BackupSeal`) with its manifest.
public struct Backups: Sendable {
    public struct Taken: Sendable {
        public let file: URL
        public let manifest: BackupManifest
        public let bytes: Int64
        /// Older backups deleted because they passed `BACKUP_KEEP_DAYS`.
        public let pruned: [URL]
    }

    let services: FactoryServices
    let key: BackupKey
    public let directory: URL

    public init(services: FactoryServices, key: BackupKey, directory: URL) {
        (self.services, self.key, self.directory) = (services, key, directory)
    }

    /// Takes one backup while the plant keeps working, then prunes the expired ones.
    public func take(by source: AuditSource) throws -> Taken {
        let now = services.clock.now()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let database = services.database
        let name = "isocom-\(database.backend.rawValue)-\(Self.stamp(now)).backup"
        let copy = directory.appendingPathComponent(".\(name).copy")
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: copy.path + suffix) } }
        let manifest: BackupManifest
        switch services.configuration.storage {
        case .sqlite(let path):
            try SQLiteConnection(path: path, busyTimeoutMilliseconds: 10_000, role: .copier)
                .executeScript("VACUUM INTO '\(copy.path.replacingOccurrences(of: "'", with: "''"))'")
            // The manifest is read from the copy itself: it proves exactly what was sealed.
            manifest = try SQLiteConnection.reading(copy.path) { try BackupManifest.read($0, engine: .sqlite, at: now) }
        case .postgres(let dsn):
            manifest = try database.snapshot { db in
                // pg_dump joins this transaction's snapshot, so the dump and the manifest see one moment.
                let snapshot = try db.queryOne("SELECT pg_export_snapshot() AS id")!.string("id")
                let schema = try db.queryOne("SELECT current_schema() AS name")!.string("name")
                var manifest = try BackupManifest.read(db, engine: .postgres, at: now)
                manifest.pgSchema = schema
                try PostgresTools.run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot)",
                                                  "--schema=\(schema)", "--file=\(copy.path)", "--dbname=\(dsn)"])
                return manifest
            }
        }
        let file = directory.appendingPathComponent(name)
        let part = directory.appendingPathComponent(".\(name).part")
        do {
            try BackupSeal.seal(manifest: manifest.json, source: copy, into: part, key: key)
            try FileManager.default.moveItem(at: part, to: file)
        } catch {
            try? FileManager.default.removeItem(at: part)
            throw error
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        let pruned = try prune(now: now)
        try services.perform { db in
            try services.audit.record(db, by: source, action: "backup.taken", object: AuditObject("backup", name), new: [
                "bytes": .int(bytes), "packages": .int(manifest.tables["packages"]?.rows ?? 0), "stock_txn": .int(manifest.tables["stock_txn"]?.rows ?? 0),
                "audit_log": .int(manifest.tables["audit_log"]?.rows ?? 0), "pruned": .int(Int64(pruned.count)),
            ])
        }
        return Taken(file: file, manifest: manifest, bytes: bytes, pruned: pruned)
    }

    /// Deletes the backups of this directory older than `BACKUP_KEEP_DAYS`, by the moment in their name.
    func prune(now: Timestamp) throws -> [URL] {
        let oldest = now.adding(seconds: -Int64(services.configuration.backupKeepDays) * 86_400)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return try names.sorted().compactMap { name -> URL? in
            guard name.hasPrefix("isocom-"), name.hasSuffix(".backup"), let taken = Self.moment(name), taken < oldest else { return nil }
            let file = directory.appendingPathComponent(name)
            try FileManager.default.removeItem(at: file)
            return file
        }
    }

    /// `20261206-031500` in UTC, sortable.
    static func stamp(_ time: Timestamp) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: time.date)
    }

    static func moment(_ name: String) -> Timestamp? {
        let stamp = name.dropLast(".backup".count).suffix(15)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.date(from: String(stamp)).map(Timestamp.init)
    }

    /// The manifest of a sealed file, opened with the key: proves the key and the file's start.
    public static func manifest(of file: URL, key: BackupKey) throws -> BackupManifest {
        try BackupManifest.parse(try BackupSeal.open(file, key: key, into: nil), file: file)
    }

    /// Restores a sealed file into `storage`, which must hold nothing yet: a SQLite file that
    /// does not exist (or `replace`), a PostgreSQL schema with no tables. The whole file is
    /// opened and checked before the target is touched; on PostgreSQL the restore is one
    /// transaction. Answers the backup's manifest.
    public static func restore(_ file: URL, key: BackupKey, into storage: StorageConfiguration, replace: Bool = false) throws -> BackupManifest {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("isocom-restore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let manifest = try BackupManifest.parse(try BackupSeal.open(file, key: key, into: work), file: file)
        switch storage {
        case .sqlite(let path):
            guard manifest.engine == Backend.sqlite.rawValue else { throw wrongEngine(file, manifest) }
            guard replace || !FileManager.default.fileExists(atPath: path) else {
                throw FactoryError.conflict("restore_target_exists", "\(path) exists: restore into a new path, or give --replace with the server stopped",
                                            details: ["path": path])
            }
            let check = try SQLiteConnection.reading(work.path) { try $0.queryOne("PRAGMA integrity_check")?.optionalString("integrity_check") }
            guard check == "ok" else { throw BackupSeal.invalid(file, "the database inside fails SQLite's integrity check: \(check ?? "no answer")") }
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let staged = URL(fileURLWithPath: path + ".restoring")
            try? FileManager.default.removeItem(at: staged)
            try FileManager.default.copyItem(at: work, to: staged)
            if FileManager.default.fileExists(atPath: path) {
                _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: path), withItemAt: staged)
            } else {
                try FileManager.default.moveItem(at: staged, to: URL(fileURLWithPath: path))
            }
        case .postgres(let dsn):
            guard manifest.engine == Backend.postgres.rawValue, let schema = manifest.pgSchema else { throw wrongEngine(file, manifest) }
            let target = try PostgresDatabase(dsn: dsn, poolSize: 1)
            defer { target.close() }
            let tables = try target.read { try $0.queryOne("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ?", schema)?.int("n") } ?? 0
            guard tables == 0 else {
                throw FactoryError.conflict("restore_target_not_empty", "schema \(schema) of the target holds \(tables) tables: restore into an empty database",
                                            details: ["schema": schema])
            }
            try PostgresTools.run("pg_restore", ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--clean", "--if-exists",
                                                 "--dbname=\(dsn)", work.path])
        }
        return manifest
    }

    /// A restored copy proved against its manifest: what differs (nothing, when whole) and the audit chain's check.
    public static func prove(_ manifest: BackupManifest, services: FactoryServices) throws -> (differences: [String], audit: AuditVerification) {
        let engine = services.database.backend
        let facts = try services.database.snapshot { try BackupManifest.read($0, engine: engine, at: services.clock.now()) }
        return (manifest.differences(from: facts), try services.audit.verify(services.database))
    }

    static func wrongEngine(_ file: URL, _ manifest: BackupManifest) -> FactoryError {
        FactoryError.validation(field: "storage", reason: "backup_engine_mismatch",
                                "\(file.lastPathComponent) is a \(manifest.engine) backup: restore it into a \(manifest.engine) database")
    }
}

/// PostgreSQL's own client tools, run as child processes; what they print on failure is the error.
enum PostgresTools {
    /// `--dbname=DSN` is passed without its password, which goes in `PGPASSWORD`: a command
    /// line is readable by every user of the host (`ps`, `/proc/PID/cmdline`), the environment is not.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var environment = ProcessInfo.processInfo.environment
        process.arguments = [tool] + arguments.map { argument in
            guard argument.hasPrefix("--dbname=") else { return argument }
            let (dsn, password) = withoutPassword(String(argument.dropFirst("--dbname=".count)))
            if let password { environment["PGPASSWORD"] = password }
            return "--dbname=" + dsn
        }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw FactoryError.unavailable("tool_missing", "cannot run \(tool): install PostgreSQL's client tools (postgresql-client)")
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            // The DSN may carry a password: it is never repeated.
            throw FactoryError.unavailable(tool == "pg_dump" ? "dump_failed" : "restore_failed",
                                           "\(tool) failed (exit \(process.terminationStatus)): \(said.trimmingCharacters(in: .whitespacesAndNewlines).prefix(600))")
        }
    }

    /// A DSN's password taken out: from a URI's `user:password@` (percent-decoded) or a
    /// `password=` parameter, in URI or keyword form.
    static func withoutPassword(_ dsn: String) -> (dsn: String, password: String?) {
        var dsn = dsn
        var password: String?
        if let scheme = dsn.range(of: "://"),
           case let authority = dsn[scheme.upperBound...].prefix(while: { $0 != "/" && $0 != "?" }),
           let at = authority.lastIndex(of: "@"), let colon = dsn[scheme.upperBound..<at].firstIndex(of: ":") {
            password = String(dsn[dsn.index(after: colon)..<at]).removingPercentEncoding
            dsn.removeSubrange(colon..<at)
        }
        for separator in ["?", "&", " "] {
            guard let found = dsn.range(of: "\(separator)password=") ?? (separator == " " && dsn.hasPrefix("password=") ? dsn.range(of: "password=") : nil)
            else { continue }
            let end = dsn[found.upperBound...].firstIndex { $0 == "&" || $0 == " " } ?? dsn.endIndex
            let value = String(dsn[found.upperBound..<end])
            password = separator == " " ? value.trimmingCharacters(in: CharacterSet(charactersIn: "'")) : value.removingPercentEncoding ?? value
            // Keep the separator that introduced the next parameter, if any.
            let removeFrom = separator == "?" ? dsn.index(after: found.lowerBound) : found.lowerBound
            let removeTo = separator == "?" && end < dsn.endIndex ? dsn.index(after: end) : end
            dsn.removeSubrange(removeFrom..<removeTo)
        }
        return (dsn, password)
    }
}
