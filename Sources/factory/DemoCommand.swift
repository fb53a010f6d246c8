import ArgumentParser
import FactoryCore
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Set up the demo on the embedded database: migrate, load the UAT data, print what is there and how to sign in.",
        discussion: """
            Demo secrets (SERVER_SECRET, QC_SECRET, JWT_SECRET) are generated once into a file beside the \
            database (mode 0600) unless they are already in the environment; nothing secret is built in.
            """)

    @OptionGroup var storage: StorageOptions

    @Option(name: .customLong("demo-dir"), help: "The demo/ directory (default: found beside the working directory or the executable).")
    var demoDirectory: String?

    func run() throws {
        try reportingErrors {
            let base = try storage.configuration()
            let secretsFile = DemoSecrets.file(beside: base.storage)
            let secrets = try DemoSecrets.loadOrCreate(at: secretsFile)
            var environment: [String: String] = [:]
            for (key, value) in secrets where (ProcessInfo.processInfo.environment[key] ?? "").isEmpty { environment[key] = value }
            let configuration = try storage.configuration(extra: environment)

            let database = try DatabaseFactory.open(configuration.storage)
            let migration = try Migrator.migrate(database, clock: SystemClock())
            database.close()
            let services = try FactoryServices.open(configuration)
            defer { services.database.close() }
            guard let demo = UATSeed.locateDemoDirectory(explicit: demoDirectory) else {
                throw FactoryError.validation(field: "demo-dir", reason: "demo_data_missing",
                                              "cannot find demo/uat; pass --demo-dir pointing at the repository's demo/ folder")
            }
            let seed = try UATSeed.load(services, demo: demo, by: consoleSource)
            let summary = try DemoSummary.read(services.database)
            let credentials = try UATSeed.credentials(in: demo)

            print("ISOCOM shop-floor demo")
            print("database: \(Self.describe(configuration.storage))")
            print(migration.applied.isEmpty ? "schema: current" : "schema: applied \(migration.applied.joined(separator: ", "))")
            print(seed.changed ? "UAT data: loaded now" : "UAT data: already loaded, nothing changed")
            print("")
            print(summary)
            print("")
            print("Demo sign-in (password / kiosk PIN):")
            for credential in credentials {
                print("  \(credential.username.padding(toLength: 12, withPad: " ", startingAt: 0)) \(credential.password.padding(toLength: 24, withPad: " ", startingAt: 0)) \(credential.pin)")
            }
            print("")
            print("audit chain: \(try services.audit.verify(services.database).isIntact ? "intact" : "BROKEN")")
            print("demo secrets: \(secretsFile) (load them with: set -a; . \(secretsFile); set +a)")
        }
    }

    static func describe(_ storage: StorageConfiguration) -> String {
        switch storage {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres: "PostgreSQL (DB_DSN)"
        }
    }
}
