import ArgumentParser
import FactoryCommandLine
import FakeBitrix24
import Foundation
import Hummingbird

/// `factory fake-bitrix24`: a Bitrix24 portal speaking the real wire format with the UAT stub,
/// for an integrator to try the connector before the plant's portal is ready, and for the demo.
struct FakeBitrix24Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-bitrix24",
        abstract: "Run a fake Bitrix24 portal (inbound webhook, the UAT stub: 5 employees, 2 deals, a week of worked days).",
        discussion: """
            Point the server at it with BITRIX_BASE_URL=http://HOST:PORT/rest/1 and BITRIX_TOKEN=<--token>. \
            GET /fake/elements lists what was pushed to its universal lists. --fail-rate makes that share of calls \
            fail the ways a network fails (the portal's budget, a 500, an answer lost after the record was made).
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8089
    @Option(help: "The webhook's code the portal accepts.") var token: String
    @Option(name: .customLong("fail-rate"), help: "Share of calls that fail, from 0 to 1.") var failRate = 0.0

    func validate() throws {
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate is from 0 to 1") }
        guard (1...65535).contains(port) else { throw ValidationError("--port is from 1 to 65535") }
    }

    func run() async throws {
        print("fake Bitrix24 at http://\(host):\(port)/rest/1 (webhook code: --token); pushed records: http://\(host):\(port)/fake/elements")
        fflush(nil)
        try await Self.application(token: token, port: port, host: host, failRate: failRate).runService()
    }

    static func application(token: String, port: Int, host: String = "127.0.0.1", failRate: Double) -> some ApplicationProtocol {
        let portal = FakeBitrix24(token: token)
        portal.failRandomly(failRate)
        return Application(router: portal.router(), configuration: .init(address: .hostname(host, port: port), serverName: "fake-bitrix24"))
    }
}
