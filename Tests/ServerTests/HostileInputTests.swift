import Crypto
import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Testing

/// What a fault and fuzz campaign against `factory serve` found: correctly signed requests
/// with hostile headers and values, and a database outage. No input may stop the process, and
/// no answer may tell a client more than it needs.
@Suite struct HostileInputTests {
    static let event = Array(#"{"seq":1,"ts_device":"2026-11-25T06:00:00Z","gross_kg":1.5,"stable":true}"#.utf8)

    @Test(arguments: TestBackends.all)
    func signedRequestsWithHostileSendTimesAreRefusedAndTheServerStaysUp(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-E1-pack-01")
        let now = harness.clock.now().microsecondsSinceEpoch / 1_000_000
        let times = ["-9223372036854775808", "9223372036854775807", "-1", "+\(now)", " \(now)", "\(now) ", "\(now).5", "1e10",
                     "", "0x10", "99999999999999999999", "0", "-\(now)", "٣٤٥"]
        try await harness.run { client in
            for sent in times {
                for path in ["ingest/scale-events", "devices/scale-E1-pack-01/heartbeat"] {
                    let reply = try await client.signed(path, device: "scale-E1-pack-01", key: key, body: Self.event, sentAt: sent)
                    #expect(reply.status == 401 && reply.isEnvelope, "\(path) X-Timestamp '\(sent)' → \(reply.status)")
                    #expect(["bad_timestamp", "stale_request", "unsigned_request", "bad_signature"].contains(reply.errorDetail["reason"]?.stringValue ?? ""),
                            "\(path) X-Timestamp '\(sent)': \(reply.body.canonicalText)")
                }
            }
            let fine = try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key, body: Self.event)
            #expect(fine.status == 201, "the server still takes a good reading: \(fine.body.canonicalText)")
        }
        #expect(try harness.floor.factory.count("scale_events") == 1)
    }

    /// Seeded, so a failure names a request that can be replayed: every header and value a
    /// gateway signs is drawn from extremes, and each answer is a 2xx or a 4xx envelope.
    @Test(arguments: TestBackends.all)
    func fuzzedSignedIngestAndHeartbeatNeverFailTheServer(backend: Backend) async throws {
        let harness = try await APIHarness(backend) { $0.ingestRateLimitPerMinute = 1_000_000 }
        let key = try harness.deviceSecret("scale-E1-pack-01")
        let now = harness.clock.now().microsecondsSinceEpoch / 1_000_000
        var random = SplitMix(state: 20261204)
        let integers = ["0", "1", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e308", "-0", "1.0", "\"7\""]
        let weights = ["0", "1.5", "\"1.5\"", ".5", "+1", "5.", "\" 1\"", "\"1 \"", "1e-3", "1e3", "1E400", "-0.0", "\"+1\"", "\".5\"",
                       "\"5.\"", "\"1e3\"", "922337203685477.5807", "\"12.3456\"", "\"\"", "null"]
        let times = ["\"2026-11-25T06:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\"", "\"2026-11-25T06:00:00+99:00\"",
                     "\"2026-11-25T06:00:00-14:00\"", "\"2026-11-25T06:00:00.123456789Z\"", "\"2026-02-30T06:00:00Z\"",
                     "\"2026-11-25T06:00:00+05\"", "\"2026-11-25 06:00:00Z\"", "null", "12"]
        let sendTimes = ["\(now)", "\(now - 299)", "\(now + 301)", "-9223372036854775808", "\(Int64.max)", "+\(now)", ""]
        let requests = (0..<400).map { _ in
            let body = #"{"events":[{"seq":\#(integers.randomElement(using: &random)!),"boot_id":\#(integers.randomElement(using: &random)!),"#
                + #""ts_device":\#(times.randomElement(using: &random)!),"gross_kg":\#(weights.randomElement(using: &random)!),"stable":true}]}"#
            let sent = sendTimes.randomElement(using: &random)!
            return (body, sent, Bool.random(using: &random) ? "ingest/scale-events" : "devices/scale-E1-pack-01/heartbeat")
        }
        let failures = try await harness.run { client in
            var failures: [String] = []
            for (n, (body, sent, path)) in requests.enumerated() {
                let reply = try await client.signed(path, device: "scale-E1-pack-01", key: key, body: Array(body.utf8), sentAt: sent)
                let fine = (200..<300).contains(reply.status) || ((400..<500).contains(reply.status) && reply.isEnvelope)
                if !fine { failures.append("#\(n) \(path) X-Timestamp=\(sent) \(body) → \(reply.status)") }
            }
            return failures
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    @Test(arguments: TestBackends.all)
    func theIngestTakesExactlyTheDocumentedGrammar(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-E1-pack-01")
        let refusedWeights = [#"".5""#, #""+1""#, #""5.""#, #"" 1""#, #""1 ""#, #""1e3""#, #""1,5""#, ".5", "+1", "5.", "01.5e"]
        let refusedTimes = ["9999-11-25T06:00:00Z", "1970-01-01T00:00:00Z", "2026-11-25T06:00:00+99:00", "2026-11-25T06:00:00+14:01",
                            "2026-11-25T06:00:00+05", "2026-11-25T06:00:00+0500", "2026-11-25 06:00:00Z", "2026-11-25T06:00:00",
                            "2026-11-25T06:00:00.Z", "2026-11-25T06:00:00.1234567890Z", "2026-11-25t06:00:00z"]
        let acceptedWeights = ["12.5", #""12.5""#, "12", #""0.125""#, "1.25e1"]
        let acceptedTimes = ["2026-11-25T06:00:00Z", "2026-11-25T11:00:00+05:00", "2026-11-25T06:00:00.123456789Z", "2026-11-24T16:00:00-14:00"]
        try await harness.run { client in
            var seq: Int64 = 0
            func send(_ weight: String, _ time: String) async throws -> Reply {
                seq += 1
                let body = #"{"seq":\#(seq),"ts_device":"\#(time)","gross_kg":\#(weight),"stable":true}"#
                return try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key, body: Array(body.utf8))
            }
            for weight in refusedWeights {
                let reply = try await send(weight, "2026-11-25T06:00:00Z")
                #expect(reply.status == 422 || reply.status == 400, "gross_kg \(weight) → \(reply.status) \(reply.body.canonicalText)")
                #expect(reply.isEnvelope)
            }
            for time in refusedTimes {
                let reply = try await send("1.5", time)
                #expect(reply.status == 422, "ts_device \(time) → \(reply.status)")
                #expect(reply.errorDetail["field"] == "events[0].ts_device", "\(reply.body.canonicalText)")
            }
            #expect(try harness.floor.factory.count("scale_events") == 0, "nothing refused was stored")
            for weight in acceptedWeights {
                let reply = try await send(weight, "2026-11-25T06:00:00Z")
                #expect(reply.status == 201, "gross_kg \(weight): \(reply.body.canonicalText)")
            }
            for time in acceptedTimes {
                let reply = try await send("1.5", time)
                #expect(reply.status == 201, "ts_device \(time): \(reply.body.canonicalText)")
            }
        }
        let stored = try harness.floor.factory.db.read { db in
            try db.query("SELECT gross_g FROM scale_events ORDER BY seq").map { try $0.int("gross_g") }
        }
        #expect(stored == [12_500, 12_500, 12_000, 125, 12_500, 1_500, 1_500, 1_500, 1_500])
    }

    /// A database that is down, failing with the very error its engine gives when it cannot
    /// be reached: for PostgreSQL libpq's sentence naming host, port, user and database.
    struct DownDatabase: Database {
        let backend: Backend
        let failure: any Error

        init(_ backend: Backend) {
            self.backend = backend
            do {
                switch backend {
                case .postgres: _ = try PostgresDatabase(dsn: "postgresql://plantuser:pw@127.0.0.1:1/plantdb?connect_timeout=2")
                case .sqlite: _ = try SQLiteDatabase(path: "/nonexistent-plant-dir/plantdb.sqlite")
                }
                failure = FactoryError.unavailable("database_unreachable", "the test database unexpectedly opened")
            } catch {
                failure = error
            }
        }

        func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T { throw failure }
        func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T { throw failure }
        func close() {}
    }

    @Test(arguments: TestBackends.all)
    func aDatabaseOutageTellsTheClientNothingOfTheDatabase(backend: Backend) async throws {
        let down = DownDatabase(backend)
        #expect("\(down.failure)".contains("plantdb"), "the engine's own error names the database: \(down.failure)")
        let configuration = try Configuration(environment: ["JWT_SECRET": APIHarness.jwtSecret, "SERVER_SECRET": String(repeating: "s", count: 32)])
        let services = try FactoryServices(configuration: configuration, database: down, clock: ManualClock(TestFactory.start))
        let api = await FactoryAPI(services: services, settings: try ServerSettings(configuration: configuration), databaseThreads: 1)
        let log = LogLines()
        let application = Application(router: FactoryServer.router(api), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      logger: log.logger)
        try await application.test(.router) { client in
            for (method, path, body) in [(HTTPRequest.Method.get, "/health", nil),
                                         (.post, "/api/v1/auth/login", #"{"username":"op.aziz","password":"x-password-1"}"#)] as [(HTTPRequest.Method, String, String?)] {
                let response = try await client.executeRequest(uri: path, method: method, headers: [:], body: body.map { ByteBuffer(string: $0) })
                let text = String(buffer: response.body)
                #expect(response.status.code == 503, "\(path): \(text)")
                for secret in ["plantdb", "plantuser", "127.0.0.1", "nonexistent", ":1"] {
                    #expect(!text.contains(secret), "\(path) told the client '\(secret)': \(text)")
                }
                #expect(text.contains("database_unavailable"), "\(text)")
            }
        }
        try await api.executor.shutdown()
        #expect(log.all.contains { $0.level == .error && ($0.metadata["error"] ?? "").contains("plantdb") },
                "the integrator's log keeps what failed")
    }
}
