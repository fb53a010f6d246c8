import Crypto
import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import HummingbirdTesting
import Server
import Synchronization

/// The UAT plant behind the real router, driven through Hummingbird's test client as a
/// client would: JSON in, status and JSON out, signed requests for devices.
struct APIHarness: Sendable {
    let floor: Floor
    let api: FactoryAPI
    static let jwtSecret = String(repeating: "j", count: 32)

    init(_ backend: Backend, settings: [String: String] = [:], adjust: @Sendable (inout ServerSettings) -> Void = { _ in }) async throws {
        floor = try Floor(backend, settings: settings)
        var settings = try ServerSettings(configuration: try Configuration(environment: ["JWT_SECRET": Self.jwtSecret]))
        adjust(&settings)
        api = await FactoryAPI(services: floor.services, settings: settings, databaseThreads: 4)
    }

    var clock: ManualClock { floor.factory.clock }

    /// Through the router in memory, or (`live`) over a real socket on a free port; `logger`
    /// for a test that reads the server's log.
    func run<T: Sendable>(live: Bool = false, logger: Logger? = nil, _ body: @Sendable (Client) async throws -> T) async throws -> T {
        // Errors only, unless the test reads the log: ten thousand fuzzed requests need no lines.
        let logger = logger ?? { var quiet = Logger(label: "test.server"); quiet.logLevel = .error; return quiet }()
        defer { Task { [api] in try? await api.executor.shutdown() } }
        if live { return try await runLive(logger: logger, body) }
        let application = try FactoryServer.application(api, logger: logger)
        return try await application.test(.router) { client in try await body(Client(inner: RouterTransport(client: client), harness: self)) }
    }

    /// The server on a free port of 127.0.0.1 and a client that waits up to two minutes for an
    /// answer: Hummingbird's `.live` gives up after 20 s, which a request queued behind a whole
    /// suite on two cores can outlast without anything being wrong with the server.
    private func runLive<T: Sendable>(logger: Logger, _ body: @Sendable (Client) async throws -> T) async throws -> T {
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let application = try FactoryServer.application(api, logger: logger, address: .hostname("127.0.0.1", port: 0)) { channel in
            announce.yield(channel.localAddress?.port ?? 0)
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.run() }
            defer { group.cancelAll() }
            var announced = ports.makeAsyncIterator()
            guard let port = await announced.next(), port > 0 else {
                throw FactoryError(.businessConflict, reason: "test_server", "the test server did not start listening")
            }
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
            client.connect()
            do {
                let value = try await body(Client(inner: LiveTransport(client: client, port: port), harness: self))
                try await client.shutdown()
                return value
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    /// Gives a UAT user a password and PIN, as `factory user credentials` would.
    func credentials(_ username: String, password: String = "test-password-1", pin: String = "4321") throws {
        try floor.factory.db.write { db in
            let user = try floor.services.users.find(db, username: username)
            try floor.services.users.setCredentials(db, by: TestFactory.console, user: user.id, password: password, pin: pin)
        }
    }

    /// A new person of a position with a password, for role tests.
    func person(_ position: Position, pin: String = "4321") throws -> String {
        let actor = try floor.factory.actor(position)
        try credentials(actor.username, pin: pin)
        return actor.username
    }

    /// Issues a device's ingest secret; the gateway signs with its bytes.
    func deviceSecret(_ code: String) throws -> SymmetricKey {
        let secret = try floor.factory.db.write { try floor.services.deviceSecrets.issue($0, by: TestFactory.console, deviceCode: code) }
        return SymmetricKey(data: Data(secret.utf8))
    }
}

struct Reply: Sendable {
    let status: Int
    let body: JSONValue
    let headers: HTTPFields

    var fields: [String: JSONValue] { body.objectFields }
    subscript(_ key: String) -> JSONValue? { fields[key] }
    var errorCode: String? { if case .string(let code)? = fields["error"]?.objectFields["code"] { code } else { nil } }
    var errorDetail: [String: JSONValue] { fields["error"]?.objectFields["details"]?.objectFields ?? [:] }
    var isEnvelope: Bool {
        fields["success"] == .bool(false) && errorCode != nil && fields["trace_id"] != nil
            && fields["error"]?.objectFields["message"] != nil
    }
    func string(_ key: String) -> String? { if case .string(let s)? = fields[key] { s } else { nil } }
}

/// How the harness's client reaches the router: in memory, or over a socket to the live server.
protocol Transport: Sendable {
    var port: Int? { get }
    func send(_ uri: String, _ method: HTTPRequest.Method, _ headers: HTTPFields, _ body: ByteBuffer?) async throws -> (head: HTTPResponse, body: ByteBuffer)
}

/// Hummingbird's in-memory router client.
private struct RouterTransport: Transport {
    let client: any TestClientProtocol
    var port: Int? { client.port }

    func send(_ uri: String, _ method: HTTPRequest.Method, _ headers: HTTPFields, _ body: ByteBuffer?) async throws -> (head: HTTPResponse, body: ByteBuffer) {
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        return (response.head, response.body)
    }
}

/// Hummingbird's socket client, kept alive between requests as a gateway or browser would.
private struct LiveTransport: Transport {
    let client: TestClient
    let port: Int?

    func send(_ uri: String, _ method: HTTPRequest.Method, _ headers: HTTPFields, _ body: ByteBuffer?) async throws -> (head: HTTPResponse, body: ByteBuffer) {
        var headers = headers
        headers[.connection] = "keep-alive"
        let response = try await client.execute(TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
        return (response.head, response.body ?? ByteBuffer())
    }
}

/// Every request a test made, to check which routes it reached.
final class CallLog: Sendable {
    private let calls = Mutex<[(method: String, path: String, status: Int)]>([])

    func record(_ method: String, _ path: String, _ status: Int) { calls.withLock { $0.append((method, path, status)) } }
    var all: [(method: String, path: String, status: Int)] { calls.withLock { $0 } }
}

struct Client: Sendable {
    let inner: any Transport
    let harness: APIHarness
    var log = CallLog()

    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: JSONValue? = nil,
              raw: [UInt8]? = nil, headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json { body = ByteBuffer(string: json.canonicalText); headers[.contentType] = "application/json" }
        if let raw { body = ByteBuffer(bytes: raw) }
        let uri = path.hasPrefix("/") ? path : "/api/v1/\(path)"
        let response = try await inner.send(uri, method, headers, body)
        log.record(method.rawValue, String(uri.split(separator: "?", maxSplits: 1)[0]), Int(response.head.status.code))
        let text = String(buffer: response.body)
        let parsed = (try? JSONValue.parse(text)) ?? .string(text)
        return Reply(status: Int(response.head.status.code), body: parsed, headers: response.head.headerFields)
    }

    /// Signs in and returns the access token.
    func login(_ username: String, password: String = "test-password-1") async throws -> String {
        let reply = try await call(.post, "auth/login", json: ["username": .string(username), "password": .string(password)])
        guard reply.status == 200, let token = reply.string("access_token") else {
            throw FactoryError(.unauthorized, reason: "test_login", "login of \(username) failed: \(reply.body.canonicalText)")
        }
        return token
    }

    /// A gateway's signed POST of raw bytes.
    /// `sentAt` puts any text in `X-Timestamp`, signed as a gateway would sign it.
    func signed(_ path: String, device: String, key: SymmetricKey, body: [UInt8], at time: Timestamp? = nil,
                signature: String? = nil, sentAt: String? = nil) async throws -> Reply {
        let sent = sentAt ?? String((time ?? harness.clock.now()).microsecondsSinceEpoch / 1_000_000)
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("X-Device-Id")!] = device
        headers[HTTPField.Name("X-Timestamp")!] = sent
        headers[HTTPField.Name("X-Signature")!] = signature ?? DeviceSignature.sign(body: body, timestamp: sent, key: key)
        return try await call(.post, path, raw: body, headers: headers)
    }

    /// One reading as a gateway sends it.
    func reading(_ device: String, key: SymmetricKey, seq: Int64, kg: String, stable: Bool = true, boot: Int64 = 0) async throws -> Reply {
        let body = #"{"seq":\#(seq),"boot_id":\#(boot),"ts_device":"\#(harness.clock.now())","gross_kg":\#(kg),"stable":\#(stable)}"#
        return try await signed("ingest/scale-events", device: device, key: key, body: Array(body.utf8))
    }
}

/// The plant's scales as gateways: each weighing is an empty pan, then the load settling.
actor Gateways {
    let client: Client
    private var keys: [String: SymmetricKey] = [:]
    private var sequence: Int64 = 0

    init(_ client: Client, devices: [String]) throws {
        self.client = client
        for device in devices { keys[device] = try client.harness.deviceSecret(device) }
    }

    func key(_ device: String) throws -> SymmetricKey {
        guard let key = keys[device] else { throw FactoryError.notFound("test_device", device) }
        return key
    }

    /// Puts `kg` on the scale (or the counter's metres, as millimetres in the reading).
    func weigh(_ device: String, _ kg: String) async throws {
        guard let key = keys[device] else { throw FactoryError.notFound("test_device", device) }
        for (value, stable) in [("0", false), (kg, true)] {
            client.harness.clock.advance(seconds: 1)
            sequence += 1
            let reply = try await client.reading(device, key: key, seq: sequence, kg: value, stable: stable)
            guard reply.status == 201 else {
                throw FactoryError(.validationError, reason: "test_ingest", "ingest refused: \(reply.body.canonicalText)")
            }
        }
        client.harness.clock.advance(seconds: 1)
    }
}

/// Keeps every line the server logs, for tests that read the log as the integrator does.
final class LogLines: Sendable {
    struct Line: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let lines = Mutex<[Line]>([])
    var all: [Line] { lines.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "test.server") { _ in Handler(lines: self) }
        logger.logLevel = .info
        return logger
    }

    private struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String,
                 function: String, line: UInt) {
            let merged = self.metadata.merging(extra ?? [:]) { $1 }.mapValues { "\($0)" }
            lines.lines.withLock { $0.append(Line(level: level, message: message.description, metadata: merged)) }
        }
    }
}
