import AsyncHTTPClient
import Crypto
import FactoryCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Server

/// Load on the real HTTP server: starts `factory serve`'s application in-process on a fresh
/// database (SQLite, or PostgreSQL with DB_DSN), then drives it over loopback with
/// AsyncHTTPClient and prints throughput and latency percentiles of:
///   the no-op endpoint (/livez), single signed events flat out, single events at a paced rate,
///   batches of 100 events, and 20 packing stations creating packages in parallel.
/// Usage: factory-loadgen [seconds-per-phase] [demo-dir]
@main
struct LoadGenerator {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        let seconds = arguments.first.flatMap(Double.init) ?? 5
        let demo = URL(fileURLWithPath: arguments.dropFirst().first ?? "demo")
        let plant = try Plant(demo: demo)
        defer { plant.remove() }
        // By default the server runs as `factory serve` in a process of its own, as on the floor,
        // so the load client's event loops and tasks are not the server's; LOADGEN_IN_PROCESS=1
        // (or no `factory` binary beside this one) runs it inside this process.
        let separate = ProcessInfo.processInfo.environment["LOADGEN_IN_PROCESS"] == nil ? ServerProcess.binary() : nil
        let api = separate == nil ? await FactoryAPI(services: plant.services, settings: plant.settings, logger: Logger(label: "loadgen")) : nil
        let port = plant.settings.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            var child: ServerProcess?
            if let api {
                let app = try FactoryServer.application(api, logger: { var l = Logger(label: "server"); l.logLevel = .warning; return l }())
                group.addTask { try await app.runService(gracefulShutdownSignals: []) }
                try await Task.sleep(for: .milliseconds(500))
            } else if let separate {
                child = try await ServerProcess.start(separate, plant: plant)
            }
            defer { child?.stop() }
            let base = "http://127.0.0.1:\(port)"
            print("backend: \(plant.services.database.backend.rawValue), \(seconds) s per phase, server on \(base)"
                  + (child == nil ? " in this process" : " in a process of its own (factory serve)"))
            let load = Load(base: base, plant: plant)
            // LOADGEN_ONLY=single (or noop, paced, duplicate, batch, packers, wrk, or several: batch,packers)
            // runs only those phases, for profiling.
            let only = ProcessInfo.processInfo.environment["LOADGEN_ONLY"].map { $0.split(separator: ",").map(String.init) }
            func phase(_ name: String) -> Bool { only?.contains(name) ?? true }
            if phase("noop") { try await load.report("no-op GET /livez (16 connections)", try await load.flatOut(connections: 16, seconds: seconds) { _, _ in
                try await load.get("/livez")
            }) }
            if phase("single") { try await load.report("single event (16 connections, flat out)", try await load.flatOut(connections: 16, seconds: seconds) { worker, n in
                try await load.event(device: worker, seq: n)
            }) }
            if phase("paced") { try await load.report("single event (paced 50/s, the spec's peak is 100/min)", try await load.paced(perSecond: 50, seconds: seconds) { n in
                try await load.event(device: 0, seq: 1_000_000 + n)
            }) }
            if phase("paced") { try await load.report("single event (paced 50/s, plain socket client)", try await load.pacedOnSocket(perSecond: 50, seconds: seconds) { n in
                load.signedRequest("load-1", Load.eventBody(seq: 1_000_000 + n))
            }) }
            if phase("duplicate") {
                // A gateway that had no answer sends again what is stored: one reading per device
                // stored first, then re-sent flat out.
                for worker in 0..<16 { _ = try await load.event(device: worker, seq: 2_000_000) }
                try await load.report("duplicate re-send of a stored event (16 connections)", try await load.flatOut(connections: 16, seconds: seconds) { worker, _ in
                    try await load.event(device: worker, seq: 2_000_000)
                })
            }
            if phase("batch") { try await load.report("batch of 100 events (4 connections)", try await load.flatOut(connections: 4, seconds: seconds) { worker, n in
                try await load.batch(device: 16 + worker, first: n * 100)
            }, itemsPerCall: 100) }
            if phase("packers") {
                try await load.report("package creation (20 stations in parallel)", try await load.packers(stations: 20, seconds: seconds))
            }
            // The same server under wrk, a C client in a process of its own, so the client's
            // cost is not the in-process HTTP client's; skipped when wrk is not installed.
            if phase("wrk"), let wrk = Wrk.find() {
                try wrk.run("no-op GET /livez under wrk (16 connections)", base + "/livez", seconds: seconds)
                for (connections, firstSeq) in [(16, 900_000_000), (4, 1_000_000_000)] {
                    let requests = try load.presigned(count: Int(seconds * 12_000), firstSeq: firstSeq)
                    defer { try? FileManager.default.removeItem(atPath: requests) }
                    try wrk.run("single event under wrk (\(connections) connections)", base, seconds: seconds, connections: connections,
                                script: requests)
                }
                // A stored reading of each device sent again and again; then batches of 100.
                let stored = try load.presigned(count: 20, firstSeq: 1_100_000_000)
                defer { try? FileManager.default.removeItem(atPath: stored) }
                try wrk.run("storing the readings sent again next", base, seconds: 2, connections: 1, script: stored)
                let again = try load.presigned(count: 20, firstSeq: 1_100_000_000, again: true)
                defer { try? FileManager.default.removeItem(atPath: again) }
                try wrk.run("duplicate re-send under wrk (16 connections)", base, seconds: seconds, connections: 16, script: again, cycle: true)
                let batches = try load.presigned(count: Int(seconds * 1_600), firstSeq: 1_200_000_000, events: 100)
                defer { try? FileManager.default.removeItem(atPath: batches) }
                try wrk.run("batch of 100 events under wrk (4 connections; events/s = 100 × requests/s)", base, seconds: seconds, connections: 4,
                            script: batches)
            }
            group.cancelAll()
        }
        try await api?.executor.shutdown()
    }
}

/// A fresh plant: the UAT data, 40 signing devices, 20 packing stations, a session.
struct Plant: @unchecked Sendable {
    let services: FactoryServices
    let settings: ServerSettings
    let keys: [String: SymmetricKey]
    let operatorPassword = "loadgen-operator-1"
    let sessionID: String
    /// What the server is configured from: the database, the secrets, the limits.
    let environment: [String: String]
    private let path: String

    init(demo: URL) throws {
        path = NSTemporaryDirectory() + "factory-loadgen-\(UUID().uuidString).db"
        var environment = ProcessInfo.processInfo.environment
        environment["FACTORY_DB_PATH"] = path
        for key in ["SERVER_SECRET", "QC_SECRET", "JWT_SECRET"] where environment[key] == nil {
            environment[key] = UUID().uuidString + UUID().uuidString
        }
        // The limiter is not what is measured here.
        environment["INGEST_RATE_LIMIT_RPM"] = "1000000"
        environment["API_RATE_LIMIT_RPM"] = "1000000"
        self.environment = environment
        let configuration = try Configuration(environment: environment)
        let database = try DatabaseFactory.open(configuration.storage)
        _ = try Migrator.migrate(database, clock: SystemClock())
        services = try FactoryServices(configuration: configuration, database: database, hasher: CredentialHasher(cost: 4))
        settings = try ServerSettings(configuration: configuration, port: Int.random(in: 20_000...40_000))
        let console = AuditSource.console(osUser: "loadgen")
        _ = try services.masterData.importDirectory(demo.appendingPathComponent("uat"), into: database, by: console)
        let csv = "device_id,workcenter_code,type,serial,calibration_due_at,location\n" + (0..<20).map {
            "load-\($0),,scale,LG-\($0),2030-12-31,SHOP\nstation-\($0),E1,scale,ST-\($0),2030-12-31,SHOP\nmeter-\($0),E1,length_counter,LC-\($0),2030-12-31,SHOP"
        }.joined(separator: "\n") + "\n"
        _ = try services.masterData.importTexts([("devices.csv", csv)], into: database, by: console)
        var keys: [String: SymmetricKey] = [:]
        let services = services
        for code in (0..<20).flatMap({ ["load-\($0)", "station-\($0)", "meter-\($0)"] }) {
            let secret = try database.write { try services.deviceSecrets.issue($0, by: console, deviceCode: code) }
            keys[code] = SymmetricKey(data: Data(secret.utf8))
        }
        self.keys = keys
        let head = try database.write { try services.users.add($0, by: console, .init(username: "head.lg", fullName: "Head", position: .sexBoshligi)) }
        let packer = try database.write { db in
            // The UAT operator is qualified for E1.
            let user = try services.users.find(db, username: "op.aziz")
            try services.users.setCredentials(db, by: console, user: user.id, password: "loadgen-operator-1", pin: nil)
            return user
        }
        let session = try services.perform {
            try services.sessions.start($0, by: Actor(head), .init(workcenter: "E1", sku: "SET-05", partiyaNo: "LOAD", shift: .day, operators: [packer.username]))
        }
        sessionID = session.id.text
    }

    func remove() {
        services.database.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

struct Load: Sendable {
    let base: String
    let plant: Plant
    /// One connection per station or sender: the shared client keeps at most 8 per host,
    /// which would queue the 20 stations' presses in the client rather than the server.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
    var client: HTTPClient { Self.client }

    struct Result: Sendable {
        var latencies: [Double]
        var failures: Int
        var elapsed: Double
    }

    func get(_ path: String) async throws -> Int {
        let response = try await client.execute(HTTPClientRequest(url: base + path), timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    func post(_ path: String, body: String, headers: [(String, String)]) async throws -> Int {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    func signed(_ device: String, _ body: String) async throws -> Int {
        let sent = String(Int64(Date().timeIntervalSince1970))
        let signature = DeviceSignature.sign(body: Array(body.utf8), timestamp: sent, key: plant.keys[device]!)
        return try await post("/api/v1/ingest/scale-events", body: body,
                              headers: [("X-Device-Id", device), ("X-Timestamp", sent), ("X-Signature", signature)])
    }

    func event(device: Int, seq: Int, grams: Int64 = 25_000, stable: Bool = true, code: String? = nil) async throws -> Int {
        try await signed(code ?? "load-\(device % 20)", Self.eventBody(seq: seq, grams: grams, stable: stable))
    }

    static func eventBody(seq: Int, grams: Int64 = 25_000, stable: Bool = true) -> String {
        #"{"seq":\#(seq),"ts_device":"\#(Timestamp(Date()))","gross_kg":\#(Grams(grams).decimalText),"stable":\#(stable)}"#
    }

    /// A signed single-event request as bytes for a plain socket (`StationConnection`).
    func signedRequest(_ device: String, _ body: String) -> [UInt8] {
        let sent = String(Int64(Date().timeIntervalSince1970))
        let signature = DeviceSignature.sign(body: Array(body.utf8), timestamp: sent, key: plant.keys[device]!)
        return StationConnection.request("POST", "/api/v1/ingest/scale-events", body: body,
                                         headers: [("X-Device-Id", device), ("X-Timestamp", sent), ("X-Signature", signature)])
    }

    /// Signed single-event requests for wrk, a line each: device, timestamp, signature, body.
    /// `count` signed requests for wrk, each of `events` readings (one device's next seqs), or
    /// with `again` the same stored reading each time (a gateway's re-send).
    func presigned(count: Int, firstSeq: Int, events: Int = 1, again: Bool = false) throws -> String {
        let path = NSTemporaryDirectory() + "factory-wrk-\(UUID().uuidString).tsv"
        let sent = String(Int64(Date().timeIntervalSince1970)), now = Timestamp(Date())
        var text = ""
        text.reserveCapacity(count * 200 * events)
        for n in 0..<count {
            let device = "load-\(n % 20)"
            let first = again ? firstSeq : firstSeq + (n / 20) * events
            let readings = (0..<events).map { #"{"seq":\#(first + $0),"ts_device":"\#(now)","gross_kg":25.000,"stable":true}"# }
            let body = events == 1 ? readings[0] : #"{"events":[\#(readings.joined(separator: ","))]}"#
            let signature = DeviceSignature.sign(body: Array(body.utf8), timestamp: sent, key: plant.keys[device]!)
            text += "\(device)\t\(sent)\t\(signature)\t\(body)\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func batch(device: Int, first: Int) async throws -> Int {
        let now = Timestamp(Date())
        let events = (0..<100).map { #"{"seq":\#(10_000_000 + first + $0),"ts_device":"\#(now)","gross_kg":25.000,"stable":true}"# }
        return try await signed("load-\(device % 20)", #"{"events":[\#(events.joined(separator: ","))]}"#)
    }

    /// `connections` loops, each calling as fast as answers come back.
    func flatOut(connections: Int, seconds: Double, _ call: @escaping @Sendable (Int, Int) async throws -> Int) async throws -> Result {
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = started + UInt64(seconds * 1e9)
        let parts = try await withThrowingTaskGroup(of: Result.self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var result = Result(latencies: [], failures: 0, elapsed: 0)
                    var n = 0
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        let status = try await call(worker, worker * 10_000_000 + n)
                        result.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                        if !(200..<300).contains(status) { result.failures += 1 }
                        n += 1
                    }
                    return result
                }
            }
            return try await group.reduce(into: [Result]()) { $0.append($1) }
        }
        return Result(latencies: parts.flatMap(\.latencies), failures: parts.map(\.failures).reduce(0, +),
                      elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
    }

    /// One call every 1/perSecond s, each timed alone.
    func paced(perSecond: Int, seconds: Double, _ call: @escaping @Sendable (Int) async throws -> Int) async throws -> Result {
        var result = Result(latencies: [], failures: 0, elapsed: 0)
        let started = ContinuousClock.now
        for n in 0..<Int(Double(perSecond) * seconds) {
            try await Task.sleep(until: started + .milliseconds(n * 1000 / perSecond))
            let t0 = DispatchTime.now().uptimeNanoseconds
            let status = try await call(n)
            result.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            if !(200..<300).contains(status) { result.failures += 1 }
        }
        let elapsed = ContinuousClock.now - started
        result.elapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }

    /// As `paced`, on a plain keep-alive socket from a thread of its own (`StationConnection`):
    /// what is timed is the server and the loopback, not the HTTP client's own machinery, which
    /// on this two-core host costs as much as the server's whole answer.
    func pacedOnSocket(perSecond: Int, seconds: Double, _ request: @escaping @Sendable (Int) -> [UInt8]) async throws -> Result {
        let connection = try StationConnection(port: Int(base.split(separator: ":").last!)!)
        return await withCheckedContinuation { continuation in
            Thread {
                var result = Result(latencies: [], failures: 0, elapsed: 0)
                let started = DispatchTime.now().uptimeNanoseconds
                let interval = 1_000_000_000 / UInt64(perSecond)
                for n in 0..<Int(Double(perSecond) * seconds) {
                    let due = started + UInt64(n) * interval, now = DispatchTime.now().uptimeNanoseconds
                    if due > now { usleep(UInt32((due - now) / 1000)) }
                    let bytes = request(n)
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let status = (try? connection.roundTrip(bytes)) ?? 0
                    result.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    if !(200..<300).contains(status) { result.failures += 1 }
                }
                result.elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                continuation.resume(returning: result)
            }.start()
        }
    }

    /// 20 stations: weigh (pan empty, roll settles, counter reads), then time POST /packages.
    func packers(stations: Int, seconds: Double) async throws -> Result {
        let login = #"{"username":"op.aziz","password":"\#(plant.operatorPassword)"}"#
        var request = HTTPClientRequest(url: base + "/api/v1/auth/login")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: login))
        let body = try await client.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 20)
        guard case .string(let token)? = try JSONValue.parse(String(buffer: body)).objectFields["access_token"] else {
            throw FactoryError(.unauthorized, reason: "loadgen_login", "the load generator could not sign in")
        }
        let session = plant.sessionID
        let port = Int(base.split(separator: ":").last!)!
        let connections = try (0..<stations).map { _ in try StationConnection(port: port) }
        let presses = (0..<stations).map { station in
            StationConnection.request("POST", "/api/v1/packages", body: """
                {"session_id":"\(session)","device_id":"station-\(station)","length_mode":"auto","length_device_id":"meter-\(station)"}
                """, headers: [("Authorization", "Bearer \(token)")])
        }
        // Rounds as on the floor: every station's roll is weighed and measured (not timed),
        // then all 20 press "pack" at the same moment and each POST /packages is timed.
        var result = Result(latencies: [], failures: 0, elapsed: 0)
        let started = DispatchTime.now().uptimeNanoseconds
        var round = 0
        while Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < seconds {
            let seq = 2 * round
            for station in 0..<stations {
                // Each device first shows the previous load gone, so one load never binds twice.
                guard try await event(device: 0, seq: seq, grams: 0, stable: false, code: "station-\(station)") == 201,
                      try await event(device: 0, seq: seq + 1, grams: 25_000 + Int64(round % 100), code: "station-\(station)") == 201,
                      try await event(device: 0, seq: seq, grams: 0, stable: false, code: "meter-\(station)") == 201,
                      try await event(device: 0, seq: seq + 1, grams: 500_000, code: "meter-\(station)") == 201 else {
                    throw FactoryError(.validationError, reason: "loadgen_weighing", "a station's reading was refused")
                }
            }
            let outcomes = await Presses.all(connections, presses)
            result.latencies += outcomes.map(\.0)
            result.failures += outcomes.filter { $0.1 != 201 }.count
            result.elapsed += outcomes.map(\.0).max() ?? 0
            round += 1
        }
        // Throughput over the time the creates themselves took, not the weighing between rounds.
        result.elapsed /= 1000
        return result
    }

    func report(_ title: String, _ result: Result, itemsPerCall: Int = 1) async throws {
        var latencies = result.latencies
        latencies.sort()
        func p(_ q: Double) -> String { latencies.isEmpty ? "-" : String(format: "%.2f", latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))]) }
        let rate = Double(result.latencies.count * itemsPerCall) / max(result.elapsed, 0.001)
        print(String(format: "%@: %.0f %@/s; latency ms p50 %@ p95 %@ p99 %@ max %@; %d calls, %d failed", title, rate,
                     itemsPerCall == 1 ? "calls" : "events", p(0.50), p(0.95), p(0.99), p(1.0), result.latencies.count, result.failures))
    }
}

/// wrk (Debian's `wrk`) run against the in-process server, its own summary printed.
struct Wrk {
    let executable: String

    static func find() -> Wrk? {
        ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }.map(Wrk.init)
    }

    /// - Parameter cycle: send the requests round and round (re-sends) instead of each once.
    func run(_ title: String, _ url: String, seconds: Double, connections: Int = 16, script requests: String? = nil, cycle: Bool = false) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = ["-t1", "-c\(connections)", "-d\(Int(seconds))s", "--latency"]
        if let requests {
            arguments += ["-s", ProcessInfo.processInfo.environment["WRK_SCRIPT"] ?? "Benchmarks/wrk/signed-events.lua"]
            var environment = ProcessInfo.processInfo.environment
            environment["WRK_REQUESTS"] = requests
            environment["WRK_THREADS"] = "1"
            environment["WRK_CYCLE"] = cycle ? "1" : "0"
            process.environment = environment
        }
        process.arguments = arguments + [url]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // wrk's own lines that carry the numbers; the Lua summary adds p99.9 and failures.
        let kept = text.split(separator: "\n").filter { line in
            ["Requests/sec", "Non-2xx", "50%", "99%", "wrk:"].contains { line.contains($0) }
        }
        print("\(title): " + kept.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
    }
}

/// `factory serve` from the same build folder, on the plant's database and secrets.
struct ServerProcess {
    let process: Process

    static func binary() -> String? {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("factory").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static func start(_ binary: String, plant: Plant) async throws -> ServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", String(plant.settings.port)]
        var environment = plant.environment
        // LOADGEN_SERVER_LOG=debug shows the server's own log, each request's time on the server
        // included, beside what the client measured.
        let serverLog = ProcessInfo.processInfo.environment["LOADGEN_SERVER_LOG"]
        environment["LOG_LEVEL"] = serverLog ?? "warning"
        process.environment = environment
        if serverLog == nil { process.standardOutput = FileHandle.nullDevice }
        try process.run()
        let server = ServerProcess(process: process)
        // Ready when /livez answers; a server that does not come up in 10 s is an error.
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(plant.settings.port)/livez")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(1)), response.status == .ok { return server }
            guard process.isRunning else { break }
        }
        server.stop()
        throw FactoryError.unavailable("loadgen_server", "factory serve did not come up on port \(plant.settings.port)")
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
