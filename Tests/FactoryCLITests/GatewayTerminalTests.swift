import FactoryCore
import FactoryTestSupport
import Foundation
import Glibc
import ScaleGateway
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
        // Logged once the batch is acknowledged, a moment after the server stored it.
        #expect(try Self.wait { gateway.output.contains("the server takes readings again") })
        gateway.kill()
        server.kill()
    }

    /// The fault campaign of the gateway issue, with counts: 5,000 loads (10,000 readings) while
    /// the server is killed with -9 and restarted three times and the gateway twice. Every reading
    /// the gateway stored under a (boot, seq) reaches the server exactly once, and every load the
    /// indicator showed is there.
    @Test func tenThousandReadingsSurviveKilledServersAndGateways() throws {
        let floor = try Floor(.sqlite)
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gateway-faults-\(UUID().uuidString)")
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
        let queuePath = directory.appendingPathComponent("queue.db").path
        var serverStarts = 0
        func serve() throws -> Child {
            serverStarts += 1
            return try Child(FactoryProcess.executable, ["serve", "--port", String(port)] + floor.factory.storageArguments, environment: environment,
                             log: directory.appendingPathComponent("serve-\(serverStarts).log"))
        }
        let indicator = try FakeIndicator()
        // The indicator's side stays open while the gateway is down, as a real port does.
        let holder = open(indicator.path, O_RDWR | O_NOCTTY)
        defer { close(holder) }
        var gatewayStarts = 0
        func gateway() throws -> Child {
            gatewayStarts += 1
            return try Child(FactoryProcess.executable.deletingLastPathComponent().appendingPathComponent("factory-gateway"),
                             ["--server", "http://127.0.0.1:\(port)", "--device", "scale-E1-pack-01", "--secret-file", secretFile.path,
                              "--port", indicator.path, "--queue", queuePath, "--hold-ms", "0", "--samples", "2", "--heartbeat-seconds", "60"],
                             environment: environment, log: directory.appendingPathComponent("gateway-\(gatewayStarts).log"))
        }
        func stored() throws -> [Row] {
            try floor.factory.db.read { db in
                try db.query("SELECT boot_id, seq, gross_g, stable_bool FROM scale_events WHERE device_id = (SELECT id FROM devices WHERE code = 'scale-E1-pack-01')")
            }
        }
        var server = try serve()
        var gate = try gateway()
        #expect(try Self.wait { try String(contentsOf: directory.appendingPathComponent("serve-1.log"), encoding: .utf8).contains("serving") })

        // Loads of 10.000 kg, 10.010 kg, …: each stays on the pan for 8 frames, more than one read
        // of the port takes in (a killed gateway loses what it had read), then the empty pan; at a
        // pace that leaves the machine to the other tests too.
        let loads = 5_000
        let master = indicator.master
        let writer = Thread {
            for load in 0..<loads {
                let kilograms = String(format: "%07.3f", Double(10_000 + load * 10) / 1000)
                let frames = String(repeating: "ST,GS,+\(kilograms)kg\r\n", count: 8) + "US,GS,+000.000kg\r\n"
                let bytes = Array(frames.utf8)
                var offset = 0
                while offset < bytes.count {
                    let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
                    if written > 0 { offset += written } else { Thread.sleep(forTimeInterval: 0.01) }
                }
                if load.isMultiple(of: 5) { Thread.sleep(forTimeInterval: 0.015) }
            }
        }
        let started = Date()
        writer.start()
        // The faults, spread over the run: the server three times, the gateway twice.
        var drain: (readings: Int, seconds: Double)?
        for step in 0..<5 {
            Thread.sleep(forTimeInterval: 0.8)
            if step.isMultiple(of: 2) {
                server.kill()
                Thread.sleep(forTimeInterval: 1.5)
                let (before, waiting) = (try stored().count, try ReadingQueue.sending(from: queuePath).waiting())
                let back = Date()
                server = try serve()
                // The drain rate: the backlog at the restart on the server, new readings meanwhile aside.
                if try Self.wait(seconds: 30, { try stored().count >= before + waiting }) {
                    drain = (waiting, Date().timeIntervalSince(back))
                }
            } else {
                gate.kill()
                gate = try gateway()
            }
        }
        // Drained: everything the indicator showed was read and every stored reading sent.
        let drained = try Self.wait(seconds: 90) {
            try !writer.isExecuting && ReadingQueue.sending(from: queuePath).waiting() == 0
                && stored().count == ReadingQueue.sending(from: queuePath).boots().reduce(0) { $0 + Int($1.readings) }
                && Set(try stored().filter { try $0.bool("stable_bool") }.map { try $0.int("gross_g") }).count == loads
        }
        let elapsed = Date().timeIntervalSince(started)
        let rows = try stored()
        let boots = try ReadingQueue.sending(from: queuePath).boots()
        let produced = boots.reduce(0) { $0 + Int($1.readings) }
        let keys = Set(try rows.map { "\(try $0.int("boot_id"))/\(try $0.int("seq"))" })
        let expected = Set(boots.flatMap { boot in (1...max(1, boot.readings)).prefix(Int(boot.readings)).map { "\(boot.boot)/\($0)" } })
        let weights = try rows.filter { try $0.bool("stable_bool") }.map { try $0.int("gross_g") }
        let missingLoads = (0..<loads).filter { !weights.contains(Int64(10_000 + $0 * 10)) }.count
        let reportedTwice = weights.count - Set(weights).count
        print("measured: gateway faults: server killed 3×, gateway killed 2×; readings stored by the gateway \(produced) in \(boots.count) boots, "
              + "on the server \(rows.count) (lost \(expected.subtracting(keys).count), duplicated \(rows.count - keys.count)); "
              + "loads shown \(loads), missing \(missingLoads), reported twice across a gateway restart \(reportedTwice); \(String(format: "%.1f", elapsed)) s")
        if let drain {
            print("measured: gateway drain after the last outage: \(drain.readings) readings in \(String(format: "%.2f", drain.seconds)) s "
                  + "from the server's start (\(Int(Double(drain.readings) / drain.seconds)) readings/s, its start-up included)")
        }
        #expect(drained, "the queue did not drain")
        #expect(expected == keys, "every stored reading reached the server exactly once")
        #expect(rows.count == keys.count)
        #expect(missingLoads == 0, "every load the indicator showed is on the server")
        #expect(boots.count == 3, "three gateway runs")
        gate.kill()
        server.kill()
    }
}
