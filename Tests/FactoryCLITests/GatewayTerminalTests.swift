import FactoryCore
import FactoryTestSupport
import Foundation
import Glibc
import Testing

/// The scale gateway on a pseudo-terminal: a fake indicator writes ASCII `ST,GS` frames into
/// it, `factory-gateway` reads them and posts signed batches to a running `factory serve`, and
/// the packing station binds the settled load; the server away for a while loses nothing.
@Suite(.serialized) struct GatewayTerminalTests {
    /// A pseudo-terminal whose far end the gateway opens as its serial port.
    final class FakeIndicator {
        let master: Int32
        let path: String

        init() throws {
            // /dev/ptmx, unlocked, and its number: what posix_openpt, unlockpt and ptsname do (Glibc
            // does not import them). TIOCSPTLCK and TIOCGPTN are _IOW('T', 0x31, int) and
            // _IOR('T', 0x30, unsigned int) on Linux.
            master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard master >= 0, ioctl(master, UInt(0x4004_5431), &unlock) == 0, ioctl(master, UInt(0x8004_5430), &number) == 0 else {
                throw FactoryError.unavailable("pty", "no pseudo-terminal")
            }
            path = "/dev/pts/\(number)"
            var settings = termios()
            tcgetattr(master, &settings)
            cfmakeraw(&settings)
            tcsetattr(master, TCSANOW, &settings)
        }

        deinit { close(master) }

        /// A load on the pan for `frames` frames at 10 Hz, as the indicator streams it.
        func show(_ grams: Int64, frames: Int, stable: Bool = true) {
            let kilograms = String(format: "%07.3f", Double(grams) / 1000)
            let frame = Array("\(stable ? "ST" : "US"),GS,+\(kilograms)kg\r\n".utf8)
            for _ in 0..<frames {
                _ = frame.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

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

    static func wait(seconds: Double = 10, _ condition: () throws -> Bool) throws -> Bool {
        for _ in 0..<Int(seconds * 20) {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test func aSettledLoadTravelsFromTheIndicatorThroughTheGatewayAndBindsAtPacking() throws {
        let floor = try Floor(.sqlite)
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try floor.services.perform {
            try floor.services.deviceSecrets.issue($0, by: TestFactory.console, deviceCode: "scale-E1-pack-01")
        }
        let secretFile = directory.appendingPathComponent("secret")
        try secret.write(to: secretFile, atomically: true, encoding: .utf8)
        let environment = ["SERVER_SECRET": String(repeating: "s", count: 32), "QC_SECRET": String(repeating: "q", count: 32),
                           "JWT_SECRET": String(repeating: "j", count: 32), "PATH": "/usr/bin:/bin"]
        let port = Int.random(in: 21_000..<29_000)
        func serve() throws -> Child {
            try Child(FactoryProcess.executable, ["serve", "--port", String(port)] + floor.factory.storageArguments, environment: environment,
                      log: directory.appendingPathComponent("serve.log"))
        }
        var server = try serve()
        let indicator = try FakeIndicator()
        let gatewayBinary = FactoryProcess.executable.deletingLastPathComponent().appendingPathComponent("factory-gateway")
        let gateway = try Child(gatewayBinary, ["--server", "http://127.0.0.1:\(port)", "--device", "scale-E1-pack-01",
                                                "--secret-file", secretFile.path, "--port", indicator.path,
                                                "--queue", directory.appendingPathComponent("queue.db").path, "--heartbeat-seconds", "1"],
                                environment: environment, log: directory.appendingPathComponent("gateway.log"))
        func readings() throws -> [String] {
            try floor.factory.db.read { db in
                try db.query("SELECT gross_g, stable_bool FROM scale_events WHERE device_id = (SELECT id FROM devices WHERE code = 'scale-E1-pack-01') ORDER BY seq")
                    .map { "\(try $0.int("gross_g")) \(try $0.bool("stable_bool") ? "stable" : "moving")" }
            }
        }

        // A roll settles: one stable reading, whatever the indicator streamed.
        #expect(try Self.wait { try String(contentsOf: directory.appendingPathComponent("serve.log"), encoding: .utf8).contains("serving") })
        indicator.show(0, frames: 3, stable: false)
        indicator.show(30_200, frames: 12)
        let settled = try Self.wait { try readings() == ["30200 stable"] }
        let first = try readings()
        #expect(settled, "readings: \(first)\n\(gateway.output)")

        // The packing station binds it.
        let session = try floor.start("E1", operators: ["op.aziz"])
        floor.factory.clock.set(Timestamp(Date()))
        try floor.factory.reading("len-E1-01", kg: 250_000)
        let package = try floor.services.perform { db in
            try floor.services.packages.create(db, by: try floor.uatUser("op.aziz"), .init(session: session.id, scale: "scale-E1-pack-01",
                                                                                        length: .counter(device: "len-E1-01")))
        }
        #expect(package.weight == Grams(30_200) && package.weightTrusted)

        // The server is killed; two more rolls come and go while it is away, then it is back.
        server.kill()
        indicator.show(0, frames: 5)
        indicator.show(30_100, frames: 10)
        indicator.show(0, frames: 5)
        indicator.show(29_900, frames: 10)
        Thread.sleep(forTimeInterval: 1)
        #expect(try readings().count == 1, "nothing reached the server while it was away")
        server = try serve()
        let drained = try Self.wait(seconds: 40) { try readings().count == 5 }
        let after = try readings()
        #expect(drained, "readings: \(after)\n\(gateway.output)")
        #expect(try readings() == ["30200 stable", "0 moving", "30100 stable", "0 moving", "29900 stable"],
                "every load once, in order, after the outage")
        #expect(gateway.output.contains("the server is unreachable; readings are kept"))
        #expect(gateway.output.contains("the server takes readings again"))
        gateway.kill()
        server.kill()
    }
}
