import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation

/// `factory`: the one executable of the shop-floor system.
@main
struct FactoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factory",
        abstract: "ISOCOM shop-floor system: scales, sessions, packing, QC, finished goods.",
        discussion: """
            Configuration comes from the environment (DB_DSN, SERVER_SECRET, QC_SECRET, JWT_SECRET, \
            IOT_ACCEPT_WINDOW_SEC, STRICT_RS_ONLY, …) and from flags. Without DB_DSN the data lives \
            in the SQLite file ./factory.db.
            """,
        subcommands: [
            MigrateCommand.self, ImportCommand.self, SeedCommand.self, UserCommand.self,
            AuditCommand.self, DeviceCommand.self, PartitionsCommand.self, DemoCommand.self, ServeCommand.self, SimulateCommand.self, KioskCommand.self,
            FakeBitrix24Command.self, ReportCommand.self, BackupCommand.self, RestoreCommand.self, ReadingsCommand.self,
        ])

    /// `factory kiosk …` becomes `factory-kiosk …` when that binary stands beside this one, so
    /// a kiosk never holds the server's code in memory; without it the kiosk runs here.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == KioskCommand.configuration.commandName {
            KioskHandover.exec(Array(arguments.dropFirst()))
        }
        await main(arguments)
    }
}
