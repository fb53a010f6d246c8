@testable import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// The restore drill of spec §9 DR, on both engines: a day of the UAT plant, a backup taken
/// while packing goes on, the database destroyed, restored from the file and proved (counts,
/// checksums and the audit chain); a changed, cut-short or wrongly keyed file is refused and
/// leaves the target untouched.
@Suite struct RestoreDrillTests {
    static let key = BackupKey(hex: String(repeating: "5a", count: 32))!

    static func place() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("backups-\(UUID().uuidString.prefix(8))")
    }

    /// A day on E1: 200 kg fed, five rolls of 30 kg packed, degassed and passed by OTK.
    static func day(_ floor: Floor) throws -> Session {
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 200_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 200_000)
        for _ in 0..<5 {
            let roll = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
            try floor.degassed(roll)
            _ = try floor.decide(roll, .ok, by: try floor.inspector())
        }
        return session
    }

    /// Where the test's database is, as a fresh database of the same engine would open it.
    static func reopen(_ floor: Floor, _ manifest: BackupManifest) throws -> FactoryServices {
        let configuration = floor.services.configuration
        let database: any Database = switch configuration.storage {
        case .sqlite(let path): try SQLiteDatabase(path: path)
        case .postgres(let dsn): try PostgresDatabase(dsn: dsn, poolSize: 2, searchPath: manifest.pgSchema)
        }
        return try FactoryServices(configuration: configuration, database: database, clock: floor.factory.clock)
    }

    /// Destroys the test's database: the SQLite file and its log gone, the PostgreSQL schema dropped.
    static func destroy(_ floor: Floor, _ manifest: BackupManifest) throws {
        switch floor.services.configuration.storage {
        case .sqlite(let path):
            floor.factory.database.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres:
            try floor.factory.database.write { try $0.executeScript("DROP SCHEMA \(manifest.pgSchema!) CASCADE") }
        }
    }

    @Test(arguments: TestBackends.all)
    func aDayBackedUpWhilePackingGoesOnIsRestoredWhole(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try Self.day(floor)
        let directory = Self.place()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A backup older than BACKUP_KEEP_DAYS (30) lies in the folder; a recent one too.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["isocom-\(backend.rawValue)-20200101-000000.backup", "isocom-\(backend.rawValue)-\(Backups.stamp(floor.services.clock.now())).backup.keep"] {
            FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: Data("old".utf8))
        }

        // The line keeps packing on another thread while the backup is taken.
        let line = Packing()
        let aziz = try floor.uatUser("op.aziz")
        let writer = Thread {
            while !line.stopped {
                do {
                    _ = try floor.pack(session, grams: 30_000, by: aziz)
                    line.packed += 1
                } catch {
                    Issue.record("packing beside the backup failed: \(error)")
                    line.stopped = true
                }
            }
            line.done = true
        }
        writer.start()
        while line.packed < 3, !line.stopped { Thread.sleep(forTimeInterval: 0.01) }
        let taken = try Backups(services: floor.services, key: Self.key, directory: directory).take(by: .service("drill"))
        let before = line.packed
        while line.packed < before + 3, !line.stopped { Thread.sleep(forTimeInterval: 0.01) }
        line.stopped = true
        while !line.done { Thread.sleep(forTimeInterval: 0.01) }

        let rows = try #require(taken.manifest.tables["packages"]?.rows)
        let total = try floor.factory.count("packages")
        #expect(rows >= 5 + 3 && rows < total, "the copy holds the day and what was packed before it, not what came after")
        #expect(taken.pruned.map(\.lastPathComponent) == ["isocom-\(backend.rawValue)-20200101-000000.backup"], "only the expired backup is pruned")
        #expect(try Data(contentsOf: taken.file).range(of: Data("E1-".utf8)) == nil, "no label, name or weight is readable in the file")
        #expect((try FileManager.default.attributesOfItem(atPath: taken.file.path)[.posixPermissions] as? Int) == 0o600)
        #expect(try Backups.manifest(of: taken.file, key: Self.key) == taken.manifest)

        try Self.destroy(floor, taken.manifest)
        let restored = try Backups.restore(taken.file, key: Self.key, into: floor.services.configuration.storage)
        let services = try Self.reopen(floor, restored)
        defer { services.database.close() }
        let (differences, audit) = try Backups.prove(restored, services: services)
        #expect(differences.isEmpty, "counts and checksums of packages, stock_txn and audit_log match")
        #expect(audit.isIntact && Int64(audit.rowsChecked) == restored.tables["audit_log"]?.rows, "the audit chain is whole up to the head the backup holds")
        #expect(try services.database.read { try $0.queryOne("SELECT count(*) AS n FROM packages")?.int("n") } == rows)

        // The restored copy reads as the plant did: the session's balance is there.
        let restoredBalance = try services.database.read { db in try services.balance.preview(db, by: floor.shopHead, session: session.id) }
        #expect(restoredBalance.balance.good.grams >= 150_000)

        // Restoring again over the restored database is refused: it is not empty.
        #expect { try Backups.restore(taken.file, key: Self.key, into: floor.services.configuration.storage) } throws: {
            ["restore_target_exists", "restore_target_not_empty"].contains(($0 as? FactoryError)?.reason ?? "")
        }
    }

    @Test(arguments: TestBackends.all)
    func aChangedCutOrWronglyKeyedBackupIsRefusedAndTouchesNothing(backend: Backend) throws {
        let floor = try Floor(backend)
        _ = try Self.day(floor)
        let directory = Self.place()
        defer { try? FileManager.default.removeItem(at: directory) }
        let taken = try Backups(services: floor.services, key: Self.key, directory: directory).take(by: .service("drill"))
        let bytes = try Data(contentsOf: taken.file)

        func refused(_ data: Data, key: BackupKey = Self.key) throws -> String? {
            let file = directory.appendingPathComponent("tampered.backup")
            try data.write(to: file)
            let target = directory.appendingPathComponent("target-\(UUID().uuidString.prefix(6)).db").path
            let storage: StorageConfiguration = backend == .sqlite ? .sqlite(path: target) : floor.services.configuration.storage
            do {
                _ = try Backups.restore(file, key: key, into: storage)
                return nil
            } catch let error as FactoryError {
                #expect(!FileManager.default.fileExists(atPath: target), "nothing is left where the restore would have gone")
                return error.reason + ": " + error.message
            }
        }
        if backend == .postgres { try Self.destroy(floor, taken.manifest) }

        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x01
        let changed = try refused(flipped)
        #expect(changed?.hasPrefix("backup_invalid") == true && changed?.contains("changed") == true)
        let cut = try refused(bytes.prefix(bytes.count - 100))
        #expect(cut?.hasPrefix("backup_invalid") == true && cut?.contains("cut short") == true)
        // Cut exactly after a whole record: every record left opens, but none says it is the last.
        let lastRecord = try #require(Self.recordStarts(bytes).last)
        let whole = try refused(bytes.prefix(lastRecord))
        #expect(whole?.hasPrefix("backup_invalid") == true && whole?.contains("cut short") == true)
        let other = try refused(bytes, key: BackupKey(hex: String(repeating: "a5", count: 32))!)
        #expect(other?.hasPrefix("backup_invalid") == true && other?.contains("another key") == true)
        #expect(try refused(Data("PK\u{3}\u{4} not a backup".utf8))?.contains("not an ISOCOM backup") == true)

        if backend == .postgres {
            // The refusals wrote nothing: the schema is still absent, and the untouched file restores.
            let restored = try Backups.restore(taken.file, key: Self.key, into: floor.services.configuration.storage)
            let services = try Self.reopen(floor, restored)
            defer { services.database.close() }
            #expect(try Backups.prove(restored, services: services).differences.isEmpty)
        }
    }

    /// The packing line beside the backup: how many rolls it packed, and when to stop.
    final class Packing: @unchecked Sendable {
        private let lock = NSLock()
        private var state = (packed: 0, stopped: false, done: false)
        var packed: Int {
            get { lock.withLock { state.packed } }
            set { lock.withLock { state.packed = newValue } }
        }
        var stopped: Bool {
            get { lock.withLock { state.stopped } }
            set { lock.withLock { state.stopped = newValue } }
        }
        var done: Bool {
            get { lock.withLock { state.done } }
            set { lock.withLock { state.done = newValue } }
        }
    }

    /// pg_dump and pg_restore get the DSN without its password, which travels in PGPASSWORD.
    @Test func aPasswordNeverReachesAToolsCommandLine() {
        let cases: [(String, String, String?)] = [
            ("postgresql://factory:s3cr%40t@db1:5432,db2:5432/factory?target_session_attrs=read-write",
             "postgresql://factory@db1:5432,db2:5432/factory?target_session_attrs=read-write", "s3cr@t"),
            ("postgresql://factory@db/factory?password=abc&sslmode=require", "postgresql://factory@db/factory?sslmode=require", "abc"),
            ("postgresql://factory@db/factory?sslmode=require&password=abc", "postgresql://factory@db/factory?sslmode=require", "abc"),
            ("host=db user=factory password=abc dbname=factory", "host=db user=factory dbname=factory", "abc"),
            ("postgresql://db:5432/factory?options=-csearch_path%3Dx", "postgresql://db:5432/factory?options=-csearch_path%3Dx", nil),
            ("postgresql://factory@127.0.0.1:5432/factory", "postgresql://factory@127.0.0.1:5432/factory", nil),
        ]
        for (dsn, without, password) in cases {
            let split = PostgresTools.withoutPassword(dsn)
            #expect(split.dsn == without && split.password == password, "\(dsn)")
        }
    }

    /// Where each sealed record of a backup file starts.
    static func recordStarts(_ bytes: Data) -> [Int] {
        var starts: [Int] = []
        var at = BackupSeal.magic.count + 8
        while at + 4 <= bytes.count {
            starts.append(at)
            let length = bytes[bytes.startIndex + at..<bytes.startIndex + at + 4].reduce(0) { $0 << 8 | Int($1) }
            at += 4 + length
        }
        return starts
    }
}
