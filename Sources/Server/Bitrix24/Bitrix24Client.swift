import AsyncHTTPClient
import FactoryCore
import Foundation
import NIOCore
import NIOHTTP1

/// The Bitrix24 REST API through an inbound webhook (`BITRIX_BASE_URL` = the portal's
/// `https://portal/rest/{user_id}`, `BITRIX_TOKEN` = the webhook's code, kept secret) or an
/// OAuth application (`Bitrix24Credential`): one method per POST of JSON, paced by the
/// portal's budget; an expired access token is renewed and the call replayed once.
/// Reads are sent again after a refusal that ran nothing or an answer that never came; writes
/// are not (the caller reconciles them by their key, see `Bitrix24Failure.Disposition`).
public struct Bitrix24Client: Sendable {
    public struct Answer: Sendable, Equatable {
        public let result: JSONValue
        public let total: Int64?
        public let next: Int64?
    }

    let http: HTTPClient
    let credential: any Bitrix24Credential
    let timeout: TimeAmount
    let attempts: Int
    let pacer: Bitrix24Pacer
    /// Waits between attempts; tests pass one that does not sleep.
    let pause: @Sendable (Double) async throws -> Void

    public init(http: HTTPClient, base: String, token: String, timeoutMilliseconds: Int, attempts: Int = 5,
                burst: Double = 50, perSecond: Double = 2,
                pause: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .milliseconds(Int64($0 * 1000))) }) {
        self.init(http: http, credential: Bitrix24Webhook(base: base, code: token), timeoutMilliseconds: timeoutMilliseconds,
                  attempts: attempts, burst: burst, perSecond: perSecond, pause: pause)
    }

    public init(http: HTTPClient, credential: any Bitrix24Credential, timeoutMilliseconds: Int, attempts: Int = 5,
                burst: Double = 50, perSecond: Double = 2,
                pause: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .milliseconds(Int64($0 * 1000))) }) {
        self.http = http
        self.credential = credential
        self.timeout = .milliseconds(Int64(timeoutMilliseconds))
        self.attempts = attempts
        self.pacer = Bitrix24Pacer(burst: burst, perSecond: perSecond)
        self.pause = pause
    }

    /// The page size of every Bitrix24 list method.
    public static let pageSize = 50

    /// One call, sent once; after `expired_token` (which ran nothing) once more with a renewed token.
    public func call(_ method: String, _ parameters: JSONValue) async throws -> Answer {
        do {
            return try await send(method, parameters)
        } catch let failure as Bitrix24Failure where failure.disposition == .renewToken {
            guard try await credential.renew(using: http, timeout: timeout) else { throw failure }
            return try await send(method, parameters)
        }
    }

    private func send(_ method: String, _ parameters: JSONValue) async throws -> Answer {
        try await pacer.admit()
        let (url, bearer) = await credential.endpoint(of: method)
        var request = HTTPClientRequest(url: url)
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "isocom-factory")
        request.body = .bytes(ByteBuffer(string: parameters.canonicalText))
        let status: Int
        let text: String
        do {
            let response = try await http.execute(request, timeout: timeout)
            status = Int(response.status.code)
            text = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
        } catch let failure as Bitrix24Failure {
            throw failure
        } catch {
            // The URL holds the webhook's secret: the failure names the method, never the URL.
            throw Bitrix24Failure(status: 0, code: "TRANSPORT", message: "\(method): \(type(of: error)) \(String(describing: error).prefix(80))")
        }
        guard (200..<300).contains(status), let body = try? Bitrix24JSON.parse(text), body.objectFields["error"] == nil else {
            throw Bitrix24Failure.from(status: status, body: text)
        }
        let fields = body.objectFields
        func number(_ key: String) -> Int64? {
            switch fields[key] { case .int(let value)?: value; case .string(let text)?: Int64(text); default: nil }
        }
        return Answer(result: fields["result"] ?? .null, total: number("total"), next: number("next"))
    }

    /// A read: sent again, after a pause, when the portal ran nothing (its budget) or the answer
    /// was lost; a fatal or refused one is thrown at once.
    public func read(_ method: String, _ parameters: JSONValue) async throws -> Answer {
        var failures = 0
        while true {
            do { return try await call(method, parameters) } catch let failure as Bitrix24Failure {
                failures += 1
                guard failures < attempts else { throw failure }
                switch failure.disposition {
                case .backOff, .unknownOutcome:
                    try await pause(bitrix24BackOff(failures: failures, jitter: Double.random(in: -0.1...0.1)))
                case .waitUntilReset:
                    let now = Date().timeIntervalSince1970
                    try await pause(max(1, Double(failure.resetAt ?? Int64(now + 60)) - now))
                case .renewToken, .alreadyExists, .fatal, .refused:
                    throw failure
                }
            }
        }
    }

    /// Every row of a list method, in ID order: each page asks for IDs above the last one seen,
    /// uncounted (`start: -1`), so rows added meanwhile are neither skipped nor repeated; a page
    /// of fewer than 50 rows is the last. `parameters` builds a page's parameters from the last
    /// ID (0 at first).
    public func all(_ method: String, parameters: (Int64) -> JSONValue) async throws -> [JSONValue] {
        var rows: [JSONValue] = []
        var last: Int64 = 0
        while true {
            let page = try await read(method, parameters(last)).result.arrayItems
            rows += page
            guard page.count >= Self.pageSize, let id = page.last.flatMap(Self.id) , id > last else { return rows }
            last = id
        }
    }

    /// Up to 50 commands in one request (`batch`), each `method?query` as the portal parses it;
    /// a longer list is sent in several. HTTP 200 does not mean each succeeded: every key has its
    /// result or its failure.
    public func batch(_ commands: [(key: String, command: String)], halt: Bool = false) async throws -> [String: Result<JSONValue, Bitrix24Failure>] {
        var outcome: [String: Result<JSONValue, Bitrix24Failure>] = [:]
        for start in stride(from: 0, to: commands.count, by: Self.pageSize) {
            let chunk = commands[start..<min(start + Self.pageSize, commands.count)]
            let answer = try await read("batch", ["halt": .int(halt ? 1 : 0),
                                                  "cmd": .object(Dictionary(chunk.map { ($0.key, JSONValue.string($0.command)) }, uniquingKeysWith: { a, _ in a }))])
            let results = answer.result.objectFields["result"]?.objectFields ?? [:]
            let errors = answer.result.objectFields["result_error"]?.objectFields ?? [:]
            for (key, _) in chunk {
                if let error = errors[key] {
                    outcome[key] = .failure(Bitrix24Failure(status: 200, code: error.objectFields["error"]?.stringValue ?? "ERROR",
                                                            message: error.objectFields["error_description"]?.stringValue ?? ""))
                } else if let result = results[key] {
                    outcome[key] = .success(result)
                }
            }
        }
        return outcome
    }

    /// A row's `ID` (a string in most v2 lists) or `id`.
    static func id(_ row: JSONValue) -> Int64? {
        switch row.objectFields["ID"] ?? row.objectFields["id"] {
        case .int(let value)?: value
        case .string(let text)?: Int64(text)
        default: nil
        }
    }
}

extension Bitrix24Client {
    /// The portal of the configuration: `BITRIX_BASE_URL` with the webhook's code (`BITRIX_TOKEN`)
    /// or an OAuth application's tokens; nil when no portal is configured.
    public static func configured(_ configuration: Configuration) throws -> Bitrix24Client? {
        guard let base = configuration.bitrixBaseURL else { return nil }
        let credential: any Bitrix24Credential
        if let clientID = configuration.bitrixOAuthClientID, let secret = configuration.bitrixOAuthClientSecret,
           let file = configuration.bitrixOAuthTokenFile {
            credential = Bitrix24OAuth(clientEndpoint: base, tokenURL: configuration.bitrixOAuthTokenURL, clientID: clientID, clientSecret: secret,
                                       tokens: try Bitrix24TokenFile.read(file), keep: { try Bitrix24TokenFile.write($0, to: file) })
        } else if let token = configuration.bitrixToken {
            credential = Bitrix24Webhook(base: base, code: token)
        } else {
            return nil
        }
        return Bitrix24Client(http: .shared, credential: credential, timeoutMilliseconds: configuration.bitrixTimeoutMilliseconds)
    }
}
