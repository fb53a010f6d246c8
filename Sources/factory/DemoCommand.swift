import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation
import Logging
import Server
import ServiceLifecycle

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The demo on the embedded database: migrate, load the UAT data, then serve the API with simulated scales.",
        discussion: """
            Demo secrets (SERVER_SECRET, QC_SECRET, JWT_SECRET) are generated once into a file beside the \
            database (mode 0600) unless they are already in the environment; nothing secret is built in. \
            After the set-up the server listens on --port and every device's simulated indicator streams \
            frames into a pseudo-terminal read by its own factory-gateway (found beside factory), which posts \
            signed batches, until Ctrl-C; --direct posts simulated readings without them; --setup-only stops \
            after the set-up.
            """)

    @OptionGroup var storage: StorageOptions

    @Option(name: .customLong("demo-dir"), help: "The demo/ directory (default: found beside the working directory or the executable).")
    var demoDirectory: String?

    @Option(help: "Port of the demo server.") var port = 8080
    @Flag(name: .customLong("setup-only"), help: "Set up and print, without starting the server and the simulator.")
    var setupOnly = false
    @Flag(help: "Simulated scales post to the ingest directly, without indicators on pseudo-terminals and gateways.")
    var direct = false
    @Option(name: .customLong("bitrix-port"), help: "Port of the fake Bitrix24 portal the demo runs when BITRIX_BASE_URL is not set.")
    var bitrixPort = 8089

    func run() async throws {
        let configuration = try setUp()
        guard !setupOnly else { return }
        try await serve(configuration)
    }

    /// Migrates, loads the UAT data and prints the sign-ins; returns the demo's configuration.
    private func setUp() throws -> Configuration {
        try reportingErrors {
            let base = try storage.configuration()
            let secretsFile = DemoSecrets.file(beside: base.storage)
            let secrets = try DemoSecrets.loadOrCreate(at: secretsFile)
            var environment: [String: String] = [:]
            for (key, value) in secrets where (ProcessInfo.processInfo.environment[key] ?? "").isEmpty { environment[key] = value }
            if (ProcessInfo.processInfo.environment["BITRIX_BASE_URL"] ?? "").isEmpty {
                // The demo's own Bitrix24: the fake portal with the UAT stub, a webhook code of this run.
                var generator = SystemRandomNumberGenerator()
                environment["BITRIX_BASE_URL"] = Self.fakeBitrixBase(port: bitrixPort)
                environment["BITRIX_TOKEN"] = Hex.encode((0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) })
                // Alerts go to the fake portal too: its webhook receiver, and the shop head (Bitrix24 user 103).
                if (ProcessInfo.processInfo.environment["ALERT_WEBHOOK_URL"] ?? "").isEmpty {
                    environment["ALERT_WEBHOOK_URL"] = "http://127.0.0.1:\(bitrixPort)/fake/webhook"
                }
                if (ProcessInfo.processInfo.environment["ALERT_BITRIX_USERS"] ?? "").isEmpty { environment["ALERT_BITRIX_USERS"] = "103" }
            }
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
            let credentials = try UATSeed.credentials(in: demo)
            let shift = try DemoShift.play(services, inspectorPIN: credentials.first { $0.username == "otk" }?.pin ?? "")
            let summary = try DemoSummary.read(services.database)

            print("ISOCOM shop-floor demo")
            print("database: \(Self.describe(configuration.storage))")
            print(migration.applied.isEmpty ? "schema: current" : "schema: applied \(migration.applied.joined(separator: ", "))")
            print(seed.changed ? "UAT data: loaded now" : "UAT data: already loaded, nothing changed")
            if shift != nil { print("demo shift: an E1 session closed now with one roll OTK passed; finance generates this month's KPI from it") }
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
            return configuration
        }
    }

    /// The server and the simulated scales, until Ctrl-C.
    private func serve(_ configuration: Configuration) async throws {
        let (services, settings) = try reportingErrors {
            (try FactoryServices.open(configuration), try ServerSettings(configuration: configuration, port: port))
        }
        defer { services.database.close() }
        let gateways = try reportingErrors { try ScaleSimulator.gateways(services, seed: 2026) }
        let logger = Logger(label: "factory.demo")
        let api = await FactoryAPI(services: services, settings: settings, logger: logger)
        let server = "http://127.0.0.1:\(port)"
        let gateway = direct ? nil : SerialSimulation.gatewayExecutable()
        print("")
        print("serving \(server)/api/v1 (OpenAPI at /api/v1/openapi.json); Ctrl-C stops")
        if !direct, gateway == nil { print("factory-gateway is not beside factory: the simulated scales post directly") }
        let serial = try gateway.map { gateway in
            try reportingErrors {
                try SerialSimulation.start(gateways, server: server, gateway: gateway, directory: Self.gatewayDirectory(configuration.storage),
                                           seed: 2026, logger: Logger(label: "factory.simulate"))
            }
        }
        if let serial {
            print("\(gateways.count) simulated indicators on pseudo-terminals, each read by a factory-gateway; their logs: \(serial.directory.path)")
        } else {
            print("\(gateways.count) simulated devices")
        }
        fflush(nil)
        let simulator = ScaleSimulator(baseURL: server, bootID: Int64(Date().timeIntervalSince1970), logger: Logger(label: "factory.simulate"))
        let fakeBitrix = configuration.bitrixBaseURL == Self.fakeBitrixBase(port: bitrixPort)
            ? FakeBitrix24Command.application(token: configuration.bitrixToken ?? "", port: bitrixPort, failRate: 0) : nil
        if fakeBitrix != nil {
            print("Bitrix24: the fake portal with the UAT stub at http://127.0.0.1:\(bitrixPort)/rest/1 (5 employees, 2 deals, a week of worked days);")
            print("  the worker pulls them now; what approved KPI and payroll sent: http://127.0.0.1:\(bitrixPort)/fake/elements")
            print("  alerts raised and resolved: http://127.0.0.1:\(bitrixPort)/fake/webhook")
        }
        fflush(nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let fakeBitrix { group.addTask { try await fakeBitrix.run() } }
            group.addTask { try await FactoryServer.run(api, logger: logger) }
            group.addTask {
                try await Task.sleep(for: .seconds(1))
                if let serial { await serial.run() } else { try await simulator.run(gateways) }
            }
            // The server ends on SIGINT/SIGTERM; the simulator and its gateways go with it.
            try await group.next()
            group.cancelAll()
            try? await group.waitForAll()
        }
    }

    /// The gateways' queues, secrets and logs: beside the demo database.
    static func gatewayDirectory(_ storage: StorageConfiguration) -> URL {
        switch storage {
        case .sqlite(let path): URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("factory-gateways")
        case .postgres: URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("factory-gateways")
        }
    }

    static func fakeBitrixBase(port: Int) -> String { "http://127.0.0.1:\(port)/rest/1" }

    static func describe(_ storage: StorageConfiguration) -> String {
        switch storage {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres: "PostgreSQL (DB_DSN)"
        }
    }
}
