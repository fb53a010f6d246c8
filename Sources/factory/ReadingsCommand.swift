import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation

/// `factory readings archive|restore`: raw readings older than READINGS_KEEP_DAYS leave the
/// database for compressed files, and come back from them when someone needs to look.
struct ReadingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readings",
        abstract: "Archive the raw scale readings of old days to compressed files, or read one back.",
        subcommands: [Archive.self, Restore.self])

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write each day of readings older than READINGS_KEEP_DAYS to ARCHIVE_DIR, then drop it.",
            discussion: """
                One file per UTC day, scale_events-YYYYMMDD.tsv.gz: PostgreSQL's COPY text format with a header. On \
                PostgreSQL the day's partition is dropped, on SQLite its rows; each day is audited with its rows and \
                checksum. Run daily (factory-partitions.service does).
                """)

        @Option(name: .customLong("keep-days"), help: "Days kept in the database (default READINGS_KEEP_DAYS, 90).") var keepDays: Int?
        @Option(help: "Where the files go (default ARCHIVE_DIR, or archive/).") var dir: String?
        @OptionGroup var storage: StorageOptions

        func run() throws {
            try storage.withServices { services in
                let archive = ReadingArchive(services: services, directory: URL(fileURLWithPath: dir ?? services.configuration.archiveDirectory))
                let archived = try archive.archive(keepDays: keepDays ?? services.configuration.readingsKeepDays, by: consoleSource)
                if archived.isEmpty { print("no day of readings is older than \(keepDays ?? services.configuration.readingsKeepDays) days") }
                for day in archived { print("\(day.file.path): \(day.rows) readings of \(day.day), sha256 \(day.sha256)") }
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read an archived day of readings back into the database.")

        @Argument(help: "A scale_events-YYYYMMDD.tsv.gz file.") var file: String
        @OptionGroup var storage: StorageOptions

        func run() throws {
            try storage.withServices { services in
                let archive = ReadingArchive(services: services, directory: URL(fileURLWithPath: services.configuration.archiveDirectory))
                let rows = try archive.restore(URL(fileURLWithPath: file), by: consoleSource)
                print("\(file): \(rows) readings restored")
            }
        }
    }
}
