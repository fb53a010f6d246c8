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
            so run it on the demo host only. With --serial each device becomes an indicator on a \
            pseudo-terminal (ASCII ST/GS, Yaohua A12, Toledo continuous or Modbus RTU, in turn) read by \
            its own factory-gateway, so the readings take the floor's whole path.
            """)

    @OptionGroup var storage: StorageOptions
    @Option(help: "The server to post to.") var url = "http://127.0.0.1:8080"
    @Option(help: "Stop after this many seconds (default: until interrupted).") var seconds: Int?
    @Option(help: "Seed of the simulated loads, to replay a run.") var seed: UInt64 = 2026
    @Flag(help: "Through pseudo-terminals and factory-gateway processes instead of posting directly.") var serial = false
    @Option(name: .customLong("serial-dir"), help: "Where the gateways keep their queues, secrets and logs (with --serial).")
    var serialDirectory = "factory-gateways"

    func run() async throws {
        let gateways = try storage.withServices { try ScaleSimulator.gateways($0, seed: seed) }
        var logger = Logger(label: "factory.simulate")
        logger.logLevel = .info
        logger.info("simulating", metadata: ["devices": "\(gateways.map(\.device.code).joined(separator: ","))", "url": "\(url)"])
        if serial {
            guard let gateway = SerialSimulation.gatewayExecutable() else {
                throw ValidationError("--serial needs factory-gateway beside factory (swift build --product factory-gateway)")
            }
            let simulation = try SerialSimulation.start(gateways, server: url, gateway: gateway,
                                                        directory: URL(fileURLWithPath: serialDirectory), seed: seed, logger: logger)
            await simulation.run(seconds: seconds)
            return
        }
        try await ScaleSimulator(baseURL: url, bootID: Int64(Date().timeIntervalSince1970), logger: logger).run(gateways, seconds: seconds)
    }
}
