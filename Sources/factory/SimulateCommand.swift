import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation
import Logging
import Server

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "DEV only: every device of the plant posts signed readings to a running server, a reading a second.",
        discussion: """
            Each simulated scale shows an empty pan, a load that settles from unstable to stable readings and \
            is held long enough to be weighed, then lifted off; length counters show a roll's metres. The \
            devices' signing keys are read from the database the server uses (SERVER_SECRET unseals them), \
            so run it on the demo host only.
            """)

    @OptionGroup var storage: StorageOptions
    @Option(help: "The server to post to.") var url = "http://127.0.0.1:8080"
    @Option(help: "Stop after this many seconds (default: until interrupted).") var seconds: Int?
    @Option(help: "Seed of the simulated loads, to replay a run.") var seed: UInt64 = 2026

    func run() async throws {
        let gateways = try storage.withServices { try ScaleSimulator.gateways($0, seed: seed) }
        var logger = Logger(label: "factory.simulate")
        logger.logLevel = .info
        logger.info("simulating", metadata: ["devices": "\(gateways.map(\.device.code).joined(separator: ","))", "url": "\(url)"])
        try await ScaleSimulator(baseURL: url, bootID: Int64(Date().timeIntervalSince1970), logger: logger).run(gateways, seconds: seconds)
    }
}
