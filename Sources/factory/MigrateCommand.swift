import ArgumentParser
import FactoryCommandLine
import FactoryCore

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database schema up to date (safe to run again: it applies only what is missing).")

    @OptionGroup var storage: StorageOptions

    func run() throws {
        try reportingErrors {
            let configuration = try storage.configuration()
            let database = try DatabaseFactory.open(configuration.storage)
            defer { database.close() }
            let report = try Migrator.migrate(database, clock: SystemClock())
            if report.applied.isEmpty {
                print("schema is current (\(report.alreadyApplied.count) migrations, newest \(Migrator.latest)); nothing to do")
            } else {
                print("applied \(report.applied.count) migration(s): \(report.applied.joined(separator: ", "))")
            }
            if !report.partitionsCreated.isEmpty {
                print("created \(report.partitionsCreated.count) time partition(s)")
            }
        }
    }
}
