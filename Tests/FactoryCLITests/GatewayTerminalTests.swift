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
    @Test func aSettledLoadTravelsFromTheIndicatorThroughTheGatewayAndBindsAtPacking() throws {
        let rig = try GatewayRig("gateway")
        let floor = rig.floor
        var server = try rig.serve()
        let indicator = try PseudoTerminal()
        let gateway = try rig.gateway(port: indicator.path)
        func readings() throws -> [String] { try rig.readings() }

        // A roll settles: one stable reading, whatever the indicator streamed.
        GatewayRig.show(indicator, 0, frames: 3, stable: false)
        GatewayRig.show(indicator, 30_200, frames: 12)
        let settled = try GatewayRig.wait { try readings() == ["30200 stable"] }
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
        GatewayRig.show(indicator, 0, frames: 5)
        GatewayRig.show(indicator, 30_100, frames: 10)
        GatewayRig.show(indicator, 0, frames: 5)
        GatewayRig.show(indicator, 29_900, frames: 10)
        Thread.sleep(forTimeInterval: 1)
        #expect(try readings().count == 1, "nothing reached the server while it was away")
        server = try rig.serve()
        let drained = try GatewayRig.wait(seconds: 40) { try readings().count == 5 }
        let after = try readings()
        #expect(drained, "readings: \(after)\n\(gateway.output)")
        #expect(try readings() == ["30200 stable", "0 moving", "30100 stable", "0 moving", "29900 stable"],
                "every load once, in order, after the outage")
        #expect(gateway.output.contains("the server is unreachable; readings are kept"))
        // Logged once the batch is acknowledged, a moment after the server stored it.
        #expect(try GatewayRig.wait { gateway.output.contains("the server takes readings again") })
        gateway.kill()
        server.kill()
    }

    /// `factory simulate --serial`, as the demo runs it: every device of the plant an indicator on
    /// a pseudo-terminal, in each format in turn, read by its own gateway; every device's loads
    /// reach the server as settled readings.
    @Test func theSimulatorsIndicatorsReachTheServerThroughTheirGatewaysInEveryFormat() throws {
        let rig = try GatewayRig("gateway-simulate")
        let server = try rig.serve()
        let gateways = rig.directory.appendingPathComponent("gateways")
        let simulate = try GatewayRig.Child(FactoryProcess.executable,
                                            ["simulate", "--serial", "--url", rig.server, "--seconds", "40", "--serial-dir", gateways.path]
                                                + rig.floor.factory.storageArguments,
                                            environment: rig.environment, log: rig.directory.appendingPathComponent("simulate.log"))
        let devices = ["scale-E1-pack-01", "scale-MAIN-01", "scale-SHOP-01", "scale-RW-IN-01", "scale-RW-OUT-01", "len-E1-01"]
        func settled() throws -> [String] {
            try devices.filter { device in try rig.readings(device: device).contains { $0.hasSuffix(" stable") && !$0.hasPrefix("0 ") } }
        }
        let all = try GatewayRig.wait(seconds: 30) { try settled().count == devices.count }
        let reached = try settled()
        #expect(all, "devices with a settled load: \(reached)\n\(simulate.output)")
        let formats = try devices.map { device in
            let log = try String(contentsOf: gateways.appendingPathComponent("\(device).log"), encoding: .utf8)
            return IndicatorOutput.formats.first { log.contains("format=\($0) ") } ?? "none"
        }
        #expect(Set(formats) == Set(IndicatorOutput.formats), "every format is read by a gateway: \(formats)")
        // Killed outright, the simulator takes its gateways with it.
        simulate.kill()
        #expect(try GatewayRig.wait(seconds: 5) { devices.allSatisfy { device in
            (try? String(contentsOf: gateways.appendingPathComponent("\(device).log"), encoding: .utf8))?.contains("stopping") == true
        } }, "no gateway is left behind")
        withExtendedLifetime(server) {}
    }

    /// The fault campaign of the gateway issue, with counts: 5,000 loads (10,000 readings) while
    /// the server is killed with -9 and restarted three times and the gateway twice. Every reading
    /// the gateway stored under a (boot, seq) reaches the server exactly once, and every load the
    /// indicator showed is there. On both engines: the kills fall while batches are written flat
    /// out (a drain after each outage), so no reading the server acknowledged may be missing.
    @Test(arguments: TestBackends.all)
    func tenThousandReadingsSurviveKilledServersAndGateways(backend: Backend) throws {
        let rig = try GatewayRig("gateway-faults", backend: backend)
        let queuePath = rig.queuePath
        func serve() throws -> GatewayRig.Child { try rig.serve() }
        let indicator = try PseudoTerminal()
        // The indicator's side stays open while the gateway is down, as a real port does.
        let holder = open(indicator.path, O_RDWR | O_NOCTTY)
        defer { close(holder) }
        func gateway() throws -> GatewayRig.Child {
            try rig.gateway(port: indicator.path, heartbeat: 60, ["--hold-ms", "0", "--samples", "2"])
        }
        func stored() throws -> [Row] {
            try rig.floor.factory.db.read { db in
                try db.query("SELECT boot_id, seq, gross_g, stable_bool FROM scale_events WHERE device_id = (SELECT id FROM devices WHERE code = 'scale-E1-pack-01')")
            }
        }
        var server = try serve()
        var gate = try gateway()

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
                if try GatewayRig.wait(seconds: 30, { try stored().count >= before + waiting }) {
                    drain = (waiting, Date().timeIntervalSince(back))
                }
            } else {
                gate.kill()
                gate = try gateway()
            }
        }
        // Drained: everything the indicator showed was read and every stored reading sent.
        let drained = try GatewayRig.wait(seconds: 90) {
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
        print("measured: gateway faults on \(backend.rawValue): server killed 3×, gateway killed 2×; readings stored by the gateway \(produced) in \(boots.count) boots, "
              + "on the server \(rows.count) (lost \(expected.subtracting(keys).count), duplicated \(rows.count - keys.count)); "
              + "loads shown \(loads), missing \(missingLoads), reported twice across a gateway restart \(reportedTwice); \(String(format: "%.1f", elapsed)) s")
        if let drain {
            print("measured: gateway drain on \(backend.rawValue) after the last outage: \(drain.readings) readings in \(String(format: "%.2f", drain.seconds)) s "
                  + "from the server's start (\(Int(Double(drain.readings) / drain.seconds)) readings/s, its start-up included)")
        }
        // What the gateway and the server last said, for a run that did not drain.
        func tail(_ child: GatewayRig.Child) -> String { child.output.split(separator: "\n").suffix(15).joined(separator: "\n") }
        #expect(drained, "the queue did not drain\ngateway:\n\(tail(gate))\nserver:\n\(tail(server))")
        #expect(expected.symmetricDifference(keys).count == 0, "every stored reading reached the server exactly once: \(expected.subtracting(keys).count) missing, \(keys.subtracting(expected).count) unknown")
        #expect(rows.count == keys.count)
        #expect(missingLoads == 0, "every load the indicator showed is on the server")
        #expect(boots.count == 3, "three gateway runs")
        gate.kill()
        server.kill()
    }
}
