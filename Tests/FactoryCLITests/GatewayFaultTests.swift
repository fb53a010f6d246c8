import FactoryCore
import FactoryTestSupport
import Foundation
import Glibc
import ScaleGateway
import Testing

/// The faults a gateway meets on the floor, one at a time, each through a real `factory-gateway`
/// on a pseudo-terminal and a real `factory serve`: what an integrator would see in its log, and
/// that nothing is lost or made up.
@Suite(.serialized) struct GatewayFaultTests {
    /// A wrong baud rate turns every frame into bytes with the high bit set and no line ends where
    /// they belong; noise on the pair does the same. Logged in hex for commissioning, never a
    /// weight, never a crash: the right frames that follow settle as before.
    @Test func garbageAndAWrongBaudRateAreLoggedInHexAndNeverAWeight() throws {
        let rig = try GatewayRig("gateway-garbage")
        let server = try rig.serve()
        let indicator = try PseudoTerminal()
        let gateway = try rig.gateway(port: indicator.path, ["--raw-log"])
        // "ST,GS,+030.200kg" sent at 9600 and read at 2400 comes out as bytes like these.
        let wrongBaud: [UInt8] = [0xE6, 0x80, 0x1E, 0xF8, 0x98, 0x66, 0x00, 0x9E, 0xE0, 0x78, 0x0D, 0x0A]
        for _ in 0..<20 {
            indicator.write(wrongBaud)
            indicator.write(Array("ST,GS,+0#0.200kg\r\n".utf8))
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try GatewayRig.wait { gateway.output.contains("e6 80 1e f8 98 66 0 9e e0 78") },
                "the frame is in the log in hex, for the integrator:\n\(gateway.output)")
        #expect(gateway.output.contains("wrong format, baud or parity?"))
        #expect(gateway.process.isRunning)
        // Nothing to send, yet the server hears from it: the heartbeat.
        #expect(try GatewayRig.wait {
            try rig.floor.factory.db.read { db in
                try db.queryOne("SELECT last_heartbeat_at FROM devices WHERE code = ?", GatewayRig.device)?.optionalTimestamp("last_heartbeat_at") != nil
            }
        }, "an idle gateway's heartbeat reaches the server")
        GatewayRig.show(indicator, 30_200, frames: 12)
        #expect(try GatewayRig.wait { try rig.readings() == ["30200 stable"] }, "\(gateway.output)")
        withExtendedLifetime(server) {}
    }

    /// The USB–RS485 converter pulled out in the middle of a frame and plugged in again: its
    /// device node goes away and comes back (here a pty behind the /dev/serial/by-id style link
    /// the gateway is configured with). The half frame is no weight; the port is opened again
    /// and the next load is read.
    @Test func aPortPulledMidFrameIsOpenedAgainWhenItComesBack() throws {
        let rig = try GatewayRig("gateway-unplug")
        let server = try rig.serve()
        let link = rig.directory.appendingPathComponent("usb-FTDI_RS485-if00-port0").path
        var indicator = try PseudoTerminal()
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: indicator.path)
        let gateway = try rig.gateway(port: link)
        GatewayRig.show(indicator, 30_200, frames: 10)
        #expect(try GatewayRig.wait { try rig.readings() == ["30200 stable"] })

        // Half a frame of another load, then the cable is gone.
        indicator.write(Array("ST,GS,+02".utf8))
        indicator = try PseudoTerminal()
        #expect(try GatewayRig.wait { gateway.output.contains("serial port lost") }, "\(gateway.output)")
        try FileManager.default.removeItem(atPath: link)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(gateway.output.contains("serial port unavailable; trying again in 2 s"), "\(gateway.output)")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: indicator.path)
        #expect(try GatewayRig.wait { gateway.output.components(separatedBy: "serial port open").count == 3 }, "\(gateway.output)")
        GatewayRig.show(indicator, 0, frames: 5)
        GatewayRig.show(indicator, 29_900, frames: 10)
        #expect(try GatewayRig.wait { try rig.readings() == ["30200 stable", "0 moving", "29900 stable"] }, "\(gateway.output)")
        withExtendedLifetime(server) {}
    }

    /// A gateway set up with the wrong secret: the server refuses its signature. It says so loudly
    /// at every try, keeps every reading, and once its secret is put right they all arrive.
    @Test func aRefusedSignatureStopsSendingLoudlyAndLosesNothing() throws {
        let rig = try GatewayRig("gateway-secret")
        let server = try rig.serve()
        let indicator = try PseudoTerminal()
        let holder = open(indicator.path, O_RDWR | O_NOCTTY)
        defer { close(holder) }
        let wrong = rig.directory.appendingPathComponent("wrong-secret")
        try "not-the-device-secret-0123456789abcdef".write(to: wrong, atomically: true, encoding: .utf8)
        var gateway = try rig.gateway(port: indicator.path, secretFile: wrong)
        GatewayRig.show(indicator, 30_200, frames: 10)
        GatewayRig.show(indicator, 0, frames: 5)
        #expect(try GatewayRig.wait { gateway.output.contains("the server refuses this gateway's signature") }, "\(gateway.output)")
        #expect(gateway.output.contains(" critical gateway:"), "loud: at the critical level")
        #expect(try rig.readings().isEmpty)
        #expect(try ReadingQueue.sending(from: rig.queuePath).waiting() == 2, "both readings kept")

        gateway.kill()
        gateway = try rig.gateway(port: indicator.path)
        #expect(try GatewayRig.wait(seconds: 20) { try rig.readings() == ["30200 stable", "0 moving"] }, "\(gateway.output)")
        withExtendedLifetime(server) {}
    }

    /// A server that answers 5xx (a proxy in front of it failing, the server overloaded): the
    /// batch is kept and sent again until it is taken. A proxy that answers 503 to the first
    /// requests and then passes them on plays that server.
    @Test func aServerAnswering5xxGetsTheBatchAgainUntilItTakesIt() throws {
        let rig = try GatewayRig("gateway-5xx")
        let server = try rig.serve()
        let proxyPort = rig.port + 1
        let failing = 4
        let proxy = try GatewayRig.Child(URL(fileURLWithPath: "/usr/bin/python3"),
                                         ["-c", Self.failingProxy, String(proxyPort), String(rig.port), String(failing)],
                                         environment: rig.environment, log: rig.directory.appendingPathComponent("proxy.log"))
        #expect(try GatewayRig.wait { proxy.output.contains("listening") })
        let indicator = try PseudoTerminal()
        let gateway = try rig.gateway(port: indicator.path, server: "http://127.0.0.1:\(proxyPort)", heartbeat: 60)
        GatewayRig.show(indicator, 30_200, frames: 10)
        #expect(try GatewayRig.wait(seconds: 30) { try rig.readings() == ["30200 stable"] }, "\(gateway.output)\n\(proxy.output)")
        #expect(gateway.output.components(separatedBy: "status=503").count - 1 == failing, "every 503 logged:\n\(gateway.output)")
        #expect(gateway.output.contains("the server takes readings again"))
        withExtendedLifetime((server, proxy)) {}
    }

    /// Answers 503 to the first N requests, then forwards to the server.
    static let failingProxy = """
        import http.server, sys, urllib.request
        port, target, failing = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
        seen = 0
        class Proxy(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                global seen
                seen += 1
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                if seen <= failing:
                    self.send_response(503); self.send_header('Content-Length', '0'); self.end_headers(); return
                request = urllib.request.Request(f'http://127.0.0.1:{target}{self.path}', data=body, method='POST',
                                                 headers={k: v for k, v in self.headers.items() if k.lower() != 'host'})
                try:
                    with urllib.request.urlopen(request) as answer:
                        status, headers, payload = answer.status, answer.headers, answer.read()
                except urllib.error.HTTPError as error:
                    status, headers, payload = error.code, error.headers, error.read()
                self.send_response(status)
                for key in ('Content-Type', 'Date'):
                    if headers.get(key): self.send_header(key, headers[key])
                self.send_header('Content-Length', str(len(payload))); self.end_headers(); self.wfile.write(payload)
        server = http.server.HTTPServer(('127.0.0.1', port), Proxy)
        print('listening', flush=True)
        server.serve_forever()
        """
}
