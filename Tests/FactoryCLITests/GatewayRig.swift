import FactoryCore
import FactoryTestSupport
import Foundation
import Glibc
import ScaleGateway

/// A real `factory serve` on the UAT plant and `factory-gateway` processes beside it, each with
/// its log in a directory of the test's own: what the gateway tests drive and look at.
final class GatewayRig {
    /// A child process with its output in a file, killed at the end of the test.
    final class Child {
        let process = Process()
        let log: URL

        init(_ executable: URL, _ arguments: [String], environment: [String: String], log: URL) throws {
            self.log = log
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = executable
            process.arguments = arguments
            process.environment = environment
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        func kill() {
            guard process.isRunning else { return }
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        deinit { kill() }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    static let device = "scale-E1-pack-01"
    static let gatewayExecutable = FactoryProcess.executable.deletingLastPathComponent().appendingPathComponent("factory-gateway")

    let floor: Floor
    let directory: URL
    let secretFile: URL
    let port = Int.random(in: 21_000..<29_000)
    let environment = ["SERVER_SECRET": String(repeating: "s", count: 32), "QC_SECRET": String(repeating: "q", count: 32),
                       "JWT_SECRET": String(repeating: "j", count: 32), "PATH": "/usr/bin:/bin"]
    private var starts: [String: Int] = [:]

    init(_ name: String, backend: Backend = .sqlite) throws {
        let floor = try Floor(backend)
        self.floor = floor
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let secret = try floor.services.perform { try floor.services.deviceSecrets.issue($0, by: TestFactory.console, deviceCode: Self.device) }
        secretFile = directory.appendingPathComponent("secret")
        try secret.write(to: secretFile, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var server: String { "http://127.0.0.1:\(port)" }
    var queuePath: String { directory.appendingPathComponent("queue.db").path }

    /// A log file for the next run of `name`: serve-1.log, serve-2.log, …
    private func log(_ name: String) -> URL {
        starts[name, default: 0] += 1
        return directory.appendingPathComponent("\(name)-\(starts[name]!).log")
    }

    /// `factory serve`, once it says it is serving.
    func serve() throws -> Child {
        let child = try Child(FactoryProcess.executable, ["serve", "--port", String(port)] + floor.factory.storageArguments,
                              environment: environment, log: log("serve"))
        _ = try Self.wait { child.output.contains("serving") }
        return child
    }

    /// A gateway for the packing scale on `port`; `wrapper` runs it under another program (faketime).
    func gateway(port: String, secretFile: URL? = nil, server: String? = nil, heartbeat: Int = 1, _ extra: [String] = [], wrapper: [String] = [],
                 environment extraEnvironment: [String: String] = [:]) throws -> Child {
        let arguments = ["--server", server ?? self.server, "--device", Self.device, "--secret-file", (secretFile ?? self.secretFile).path,
                         "--port", port, "--queue", queuePath, "--heartbeat-seconds", String(heartbeat)] + extra
        let (executable, all) = wrapper.isEmpty ? (Self.gatewayExecutable, arguments)
            : (URL(fileURLWithPath: wrapper[0]), Array(wrapper.dropFirst()) + [Self.gatewayExecutable.path] + arguments)
        return try Child(executable, all, environment: environment.merging(extraEnvironment) { _, new in new }, log: log("gateway"))
    }

    /// The packing scale's readings on the server, in order: "30200 stable".
    func readings(device: String = GatewayRig.device) throws -> [String] {
        try floor.factory.db.read { db in
            try db.query("SELECT gross_g, stable_bool FROM scale_events WHERE device_id = (SELECT id FROM devices WHERE code = ?) ORDER BY boot_id, seq",
                         device)
                .map { "\(try $0.int("gross_g")) \(try $0.bool("stable_bool") ? "stable" : "moving")" }
        }
    }

    /// A load on the pan for `frames` frames at 10 Hz, as an indicator speaking `format` streams it.
    static func show(_ terminal: PseudoTerminal, _ grams: Int64, frames: Int, stable: Bool = true, format: String = ASCIIStatusFormat.name) {
        let frame = IndicatorOutput.frame(format, grams: grams, stable: stable)!
        for _ in 0..<frames {
            terminal.write(frame)
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    static func wait(seconds: Double = 10, _ condition: () throws -> Bool) throws -> Bool {
        for _ in 0..<Int(seconds * 20) {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
