import AsyncHTTPClient
import FakeBitrix24
import Foundation
import Hummingbird
import Server
import Synchronization
import Testing

/// The pauses a Bitrix24 client asked for, in seconds: recorded, not slept.
final class Pauses: Sendable {
    private let taken = Mutex<[Double]>([])
    func add(_ seconds: Double) { taken.withLock { $0.append(seconds) } }
    var all: [Double] { taken.withLock { $0 } }
}

/// The fake portal on a free port of 127.0.0.1, and clients of it whose pauses are recorded.
enum FakePortal {
    struct Connection: Sendable {
        let port: Int
        let http: HTTPClient
        let pauses: Pauses

        /// A client of the portal; `burst` lifts the budget a test does not measure.
        func client(token: String = "hook-code", timeoutMilliseconds: Int = 60_000, attempts: Int = 5, burst: Double = 50) -> Bitrix24Client {
            Bitrix24Client(http: http, base: "http://127.0.0.1:\(port)/rest/1", token: token, timeoutMilliseconds: timeoutMilliseconds,
                           attempts: attempts, burst: burst, perSecond: burst, pause: { [pauses] seconds in pauses.add(seconds) })
        }
    }

    static func run<T: Sendable>(_ portal: FakeBitrix24, _ body: @Sendable (Connection) async throws -> T) async throws -> T {
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let application = Application(router: portal.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { announce.yield($0.localAddress?.port ?? 0) })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.run() }
            defer { group.cancelAll() }
            var announced = ports.makeAsyncIterator()
            let port = try #require(await announced.next())
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let value = try await body(Connection(port: port, http: http, pauses: Pauses()))
                try await http.shutdown()
                return value
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }
}
