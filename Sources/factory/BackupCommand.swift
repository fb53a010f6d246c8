import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation

/// `factory backup`: one sealed backup taken while the server keeps writing, then the expired
/// ones pruned. Needs `BACKUP_KEY`.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Take an encrypted backup with its manifest, online, and prune those older than BACKUP_KEEP_DAYS.",
        discussion: """
            SQLite: VACUUM INTO, a consistent copy while the server writes. PostgreSQL: pg_dump in the snapshot the \
            manifest is read from (PostgreSQL's client tools must be installed). The file is sealed with AES-256-GCM \
            under BACKUP_KEY (64 hex digits: openssl rand -hex 32) and carries the rows and checksums of packages, \
            stock_txn and audit_log and the audit chain's head. Written to --dir (BACKUP_DIR, default backups/).
            """)

    @Option(help: "Where backups are written (default BACKUP_DIR, or backups/).") var dir: String?
    @OptionGroup var storage: StorageOptions

    func run() throws {
        try storage.withServices { services in
            guard let key = services.configuration.backupKey else {
                throw FactoryError.validation(field: "BACKUP_KEY", reason: "backup_key_missing",
                                              "BACKUP_KEY is not set: make one with 'openssl rand -hex 32' and keep it apart from the backups")
            }
            let backups = Backups(services: services, key: key, directory: URL(fileURLWithPath: dir ?? services.configuration.backupDirectory))
            let taken = try backups.take(by: consoleSource)
            let counts = BackupManifest.proved.map { "\($0) \(taken.manifest.tables[$0]?.rows ?? 0)" }.joined(separator: ", ")
            print("\(taken.file.path): \(taken.bytes) bytes; \(counts); audit head \(taken.manifest.auditHeadSeq)")
            for file in taken.pruned { print("  pruned \(file.lastPathComponent) (older than \(services.configuration.backupKeepDays) days)") }
        }
    }
}

/// `factory restore FILE`: a sealed backup into an empty database, then, with `--verify`, the
/// copy proved against the manifest and its audit chain walked.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty database (--db PATH or --dsn URI) and, with --verify, prove it.",
        discussion: """
            The whole file is opened and checked before the target is touched: a changed or cut-short file, or \
            another key, is refused. SQLite: the target file must not exist (or --replace, with the server \
            stopped). PostgreSQL: the target schema must hold no tables; the restore is one transaction. \
            Exit code 0: restored (and proved). 1: restored, but the copy does not match its manifest or its audit chain.
            """)

    @Argument(help: "The .backup file.") var file: String
    @Flag(help: "Prove the restored copy: counts and checksums against the manifest, then audit verify.") var verify = false
    @Flag(help: "SQLite: overwrite an existing file (the server must be stopped).") var replace = false
    @OptionGroup var storage: StorageOptions

    func run() throws {
        try reportingErrors {
            let configuration = try storage.configuration()
            guard let key = configuration.backupKey else {
                throw FactoryError.validation(field: "BACKUP_KEY", reason: "backup_key_missing", "BACKUP_KEY is not set: give the key the backup was taken with")
            }
            let manifest = try Backups.restore(URL(fileURLWithPath: file), key: key, into: configuration.storage, replace: replace)
            let counts = BackupManifest.proved.map { "\($0) \(manifest.tables[$0]?.rows ?? 0)" }.joined(separator: ", ")
            print("restored \(file) (taken \(manifest.takenAt)): \(counts)")
            guard verify else { return }
            let services = try FactoryServices.open(configuration)
            defer { services.database.close() }
            let (differences, audit) = try Backups.prove(manifest, services: services)
            for difference in differences { printError("differs: \(difference)") }
            if let broken = audit.firstBreak { printError("audit chain broken: \(broken.message)") }
            guard differences.isEmpty, audit.isIntact else { throw ExitCode(1) }
            print("verified: counts and checksums match the manifest; audit chain intact (\(audit.rowsChecked) rows)")
        }
    }
}
