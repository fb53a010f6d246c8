import ArgumentParser
import FactoryCommandLine
import FactoryCore

struct PartitionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partitions",
        abstract: "Create the coming PostgreSQL time partitions (daily scale_events, monthly stock_txn and audit_log).",
        discussion: "Run it daily from cron; the server also runs it at start. On SQLite there is nothing to do.")

    @OptionGroup var storage: StorageOptions

    func run() throws {
        try storage.withServices { services in
            let created = try Partitions.ensure(services.database, around: services.clock.now())
            print(created.isEmpty ? "partitions are in place; nothing to do" : "created: \(created.joined(separator: ", "))")
        }
    }
}
