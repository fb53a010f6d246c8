import FactoryCore
import Foundation
import Logging
import ScaleGateway
import Server

/// `factory simulate --serial` and the demo: every device of the plant becomes an indicator on a
/// pseudo-terminal, in one of the formats real indicators speak, read by its own
/// `factory-gateway` process, so that a reading travels frame → gateway → signed batch → ingest
/// → kiosk exactly as on the floor. The gateways' queues, secrets and logs go to one directory.
struct SerialSimulation {
    let indicators: [SerialIndicator]
    let gateways: [Process]
    let directory: URL

    /// `factory-gateway` beside this executable, where `swift build` and an install put it.
    static func gatewayExecutable() -> URL? {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("factory-gateway")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    static func start(_ devices: [ScaleSimulator.Gateway], server: String, gateway: URL, directory: URL, seed: UInt64, logger: Logger) throws -> Self {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var indicators: [SerialIndicator] = []
        var processes: [Process] = []
        for (index, device) in devices.enumerated() {
            let format = IndicatorOutput.formats[index % IndicatorOutput.formats.count]
            let indicator = try SerialIndicator(device: device.device, format: format, seed: seed &+ UInt64(index))
            let code = device.device.code
            let secretFile = directory.appendingPathComponent("\(code).secret")
            FileManager.default.createFile(atPath: secretFile.path, contents: Data(device.secret.utf8), attributes: [.posixPermissions: 0o600])
            let log = directory.appendingPathComponent("\(code).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let process = Process()
            process.executableURL = gateway
            process.arguments = ["--server", server, "--device", code, "--secret-file", secretFile.path, "--port", indicator.terminal.path,
                                 "--format", format, "--queue", directory.appendingPathComponent("\(code).db").path, "--exit-with-parent"]
                + (format == ModbusRTUFormat.name ? ["--modbus", IndicatorOutput.modbusMapText] : [])
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            logger.info("indicator on \(indicator.terminal.path) speaks \(format); its gateway logs to \(log.path)", metadata: ["device": "\(code)"])
            indicators.append(indicator)
            processes.append(process)
        }
        return Self(indicators: indicators, gateways: processes, directory: directory)
    }

    /// Streams every indicator until cancelled, then stops the gateways.
    func run(seconds: Int? = nil) async {
        let stopped = Flag()
        for indicator in indicators { Thread.detachNewThread { indicator.run(until: stopped.isSet) } }
        await withTaskCancellationHandler {
            if let seconds { try? await Task.sleep(for: .seconds(seconds)) } else {
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(1)) }
            }
        } onCancel: {
            stopped.set()
        }
        stopped.set()
        for process in gateways where process.isRunning { process.terminate() }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        @Sendable func isSet() -> Bool { lock.withLock { value } }
    }
}
