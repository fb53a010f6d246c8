import FactoryCore
import Foundation
import Hummingbird
import Synchronization

/// A Bitrix24 portal in one process, speaking the real wire format (research note §7), for tests
/// and the demo: an inbound webhook at `/rest/{user}/{code}/{method}.json`; `user.get`,
/// `department.get` and `crm.deal.list` paged by 50 with `>ID` filters and uncounted pages
/// (`start: -1`); `timeman.timecontrol.reports.get`; `batch`; a universal list
/// (`lists.element.add|get|update`); and faults injected per method or at random.
///
/// Out of the box it holds the UAT stub (`UATStub`): five employees, two deals and a week of
/// worked days.
public final class FakeBitrix24: Sendable {
    public enum Fault: Sendable, Equatable, CaseIterable {
        /// 503 QUERY_LIMIT_EXCEEDED: nothing is run.
        case limitExceeded
        /// The call is run, then answered 502 with a proxy's HTML page: the client cannot know.
        case dropAnswerAfterCommit
        /// 401 expired_token: nothing is run.
        case expiredToken
        /// 500 INTERNAL_SERVER_ERROR: nothing is run.
        case serverError
        /// No answer within the client's timeout; the call is run after the stall.
        case timeoutAfterCommit
    }

    struct Element {
        let code: String
        let id: Int64
        var fields: [String: JSONValue]
    }

    struct State {
        var employees: [JSONValue] = []
        var departments: [JSONValue] = []
        var deals: [JSONValue] = []
        /// Worked days by employee id: start (ISO with the portal's offset) and seconds.
        var workdays: [String: [(start: String, seconds: Int64)]] = [:]
        var elements: [Element] = []
        var nextElement: Int64 = 7000
        /// System notifications by TAG: a second with the same TAG replaces the first, as in the portal.
        var notifications: [String: JSONValue] = [:]
        var notificationCalls = 0
        /// Bodies posted to `/fake/webhook`.
        var webhook: [JSONValue] = []
        var faults: [(method: String, fault: Fault, skip: Int)] = []
        var randomFaults: (fraction: Double, kinds: [Fault])?
        var random = SplitMix(state: 2026)
        var calls: [String] = []
        var faultsServed = 0
        /// An OAuth application's current tokens, when the portal has one.
        var oauth: (clientID: String, clientSecret: String, access: String, refresh: String, issued: Int, expired: Bool)?
    }

    let token: String
    /// Whether `lists.element.add` refuses a code that exists. The portal's check is
    /// check-then-insert (research note §5.5) and a smart process has none at all: with false, a
    /// blind retry makes a second record, so a test proves the client looks before it adds.
    let uniqueCodes: Bool
    /// How long a `timeoutAfterCommit` call stalls before it answers.
    let stall: Duration
    private let state = Mutex(State())

    /// The UAT stub, or `employees` people and `deals` orders when more are asked for.
    /// `oauthClient`: an OAuth application (id and secret) whose first tokens are
    /// `access-1`/`refresh-1`, renewed at `/oauth/token`.
    public init(token: String, employees: Int = 5, deals: Int = 2, uniqueCodes: Bool = true, stall: Duration = .seconds(2),
                oauthClient: (id: String, secret: String)? = nil) {
        self.token = token
        self.uniqueCodes = uniqueCodes
        self.stall = stall
        state.withLock { state in
            state.oauth = oauthClient.map { ($0.id, $0.secret, "access-1", "refresh-1", 1, false) }
            state.departments = [["ID": "1", "NAME": "ISOCOM", "SORT": .int(500)], ["ID": "2", "NAME": "Ekstruziya sexi", "SORT": .int(500), "PARENT": "1"]]
            state.employees = (1...max(1, employees)).map(UATStub.employee)
            state.deals = (1...max(1, deals)).map(UATStub.deal)
            state.workdays = UATStub.week
        }
    }

    // MARK: What a test does to the portal

    /// `count` calls of `method` meet `fault`, after `after` calls of it that go through.
    public func inject(_ fault: Fault, on method: String, count: Int = 1, after: Int = 0) {
        state.withLock { $0.faults += Array(repeating: (method, fault, after), count: count) }
    }

    /// From now on a `fraction` of calls (0 to 1), drawn from a fixed seed, meets one of `kinds`.
    public func failRandomly(_ fraction: Double, kinds: [Fault] = [.limitExceeded, .serverError, .dropAnswerAfterCommit]) {
        state.withLock { $0.randomFaults = fraction > 0 ? (fraction, kinds) : nil }
    }

    /// Someone edits employee `id` in Bitrix24.
    public func editEmployee(_ id: String, _ change: @Sendable (inout [String: JSONValue]) -> Void) {
        state.withLock { state in
            guard let index = state.employees.firstIndex(where: { $0.objectFields["ID"]?.stringValue == id }) else { return }
            var fields = state.employees[index].objectFields
            change(&fields)
            state.employees[index] = .object(fields)
        }
    }

    /// HR hires someone.
    public func hire(id: String, name: String, lastName: String, position: String) {
        state.withLock {
            $0.employees.append(["ID": .string(id), "ACTIVE": .bool(true), "NAME": .string(name), "LAST_NAME": .string(lastName),
                                 "WORK_POSITION": .string(position), "UF_DEPARTMENT": [.int(2)], "USER_TYPE": "employee"])
        }
    }

    /// The OAuth application's current access and refresh tokens.
    public var oauthTokens: (access: String, refresh: String)? { state.withLock { $0.oauth.map { ($0.access, $0.refresh) } } }

    /// The access token's hour is over: calls with it meet `expired_token` until it is renewed.
    public func expireAccessToken() {
        state.withLock { $0.oauth?.expired = true }
    }

    /// How many calls met a fault.
    public var faultsServed: Int { state.withLock { $0.faultsServed } }
    /// Every method called, in order (batch commands are not listed separately).
    public var calls: [String] { state.withLock { $0.calls } }
    /// The universal lists' elements by code (the last one of a code).
    public var elements: [String: [String: JSONValue]] {
        state.withLock { Dictionary($0.elements.map { ($0.code, $0.fields) }, uniquingKeysWith: { _, last in last }) }
    }
    /// How many elements carry each code: more than one is a duplicate.
    /// The notifications users see (one per TAG), and how many calls made them.
    public var notifications: (shown: [String: JSONValue], calls: Int) { state.withLock { ($0.notifications, $0.notificationCalls) } }

    /// What was posted to `/fake/webhook`, in order.
    public var webhookBodies: [JSONValue] { state.withLock { $0.webhook } }

    public var elementCounts: [String: Int] {
        state.withLock { Dictionary($0.elements.map { ($0.code, 1) }, uniquingKeysWith: +) }
    }

    // MARK: The wire

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/rest/:user/:code/:method") { request, context -> Response in
            guard context.parameters.get("code") == self.token else {
                return Self.answer(401, ["error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"])
            }
            return try await self.serve(context.parameters.get("method") ?? "", request)
        }
        // An OAuth application's calls (`/rest/METHOD.json`), the access token as a bearer. The
        // router names a segment once per position, so the method is read as `user` here.
        router.post("/rest/:user") { request, context -> Response in
            let bearer = request.headers[.authorization].map { String($0.dropFirst("Bearer ".count)) }
            guard let bearer, let oauth = self.state.withLock({ $0.oauth }) else {
                return Self.answer(401, ["error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"])
            }
            guard bearer == oauth.access else {
                return Self.answer(401, ["error": "invalid_token", "error_description": "The access token provided is invalid"])
            }
            guard !oauth.expired else {
                return Self.answer(401, ["error": "expired_token", "error_description": "The access token provided has expired"])
            }
            return try await self.serve(context.parameters.get("user") ?? "", request)
        }
        // The token server: a refresh token is good once; each renewal rotates both tokens.
        router.get("/oauth/token") { request, _ -> Response in
            let query = request.uri.queryParameters
            return self.state.withLock { state -> Response in
                guard var oauth = state.oauth, query["grant_type"] == "refresh_token", query["client_id"].map(String.init) == oauth.clientID,
                      query["client_secret"].map(String.init) == oauth.clientSecret else {
                    return Self.answer(400, ["error": "invalid_client", "error_description": "Invalid client"])
                }
                guard query["refresh_token"].map(String.init) == oauth.refresh else {
                    return Self.answer(400, ["error": "invalid_grant", "error_description": "Invalid grant"])
                }
                oauth.issued += 1
                oauth.access = "access-\(oauth.issued)"
                oauth.refresh = "refresh-\(oauth.issued)"
                oauth.expired = false
                state.oauth = oauth
                return Self.answer(200, ["access_token": .string(oauth.access), "refresh_token": .string(oauth.refresh), "expires_in": 3600,
                                         "client_endpoint": "http://portal/rest/", "scope": "user,department,crm,timeman,lists"])
            }
        }
        // Not Bitrix24's: a plain webhook receiver, for the alert webhook of the demo and the tests.
        router.post("/fake/webhook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1024 * 1024)
            let body = (try? JSONValue.parse(String(buffer: buffer))) ?? .string(String(buffer: buffer))
            self.state.withLock { $0.webhook.append(body) }
            return Self.answer(200, ["ok": true])
        }
        router.get("/fake/webhook") { _, _ -> Response in Self.answer(200, .array(self.state.withLock { $0.webhook })) }
        // Not Bitrix24's: what a person running the demo reads to see what arrived.
        router.get("/fake/elements") { _, _ -> Response in
            let elements = self.state.withLock { $0.elements }
            return Self.answer(200, .array(elements.map { ["id": .int($0.id), "code": .string($0.code), "fields": .object($0.fields)] }))
        }
        return router
    }

    /// One call of `method` (`user.get.json`): faults first, then the method.
    private func serve(_ name: String, _ request: Request) async throws -> Response {
        let method = name.replacingOccurrences(of: ".json", with: "")
        let buffer = try await request.body.collect(upTo: 1024 * 1024)
        let body = (try? JSONValue.parse(String(buffer: buffer))) ?? .object([:])
        let fault = self.state.withLock { state -> Fault? in
            state.calls.append(method)
            let fault = Self.fault(for: method, &state)
            if fault != nil { state.faultsServed += 1 }
            return fault
        }
        switch fault {
        case .limitExceeded?: return Self.answer(503, ["error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"])
        case .expiredToken?: return Self.answer(401, ["error": "expired_token", "error_description": "The access token provided has expired"])
        case .serverError?: return Self.answer(500, ["error": "INTERNAL_SERVER_ERROR", "error_description": "Internal server error"])
        case .dropAnswerAfterCommit?:
            _ = self.run(method, body)
            return Response(status: .badGateway, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html>502 Bad Gateway</html>")))
        case .timeoutAfterCommit?:
            let (status, envelope) = self.run(method, body)
            try? await Task.sleep(for: self.stall)
            return Self.answer(status, envelope)
        case nil:
            let (status, envelope) = self.run(method, body)
            return Self.answer(status, envelope)
        }
    }

    /// The fault `method` meets now: an injected one, else perhaps a random one.
    private static func fault(for method: String, _ state: inout State) -> Fault? {
        if let index = state.faults.firstIndex(where: { $0.method == method }) {
            guard state.faults[index].skip == 0 else {
                for other in state.faults.indices where state.faults[other].method == method { state.faults[other].skip = max(0, state.faults[other].skip - 1) }
                return nil
            }
            return state.faults.remove(at: index).fault
        }
        guard let (fraction, kinds) = state.randomFaults, Double.random(in: 0..<1, using: &state.random) < fraction else { return nil }
        return kinds[Int(state.random.next() % UInt64(kinds.count))]
    }

    static func answer(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body.canonicalText)))
    }

    static let time: JSONValue = ["start": .int(1_764_900_000), "finish": .int(1_764_900_000), "date_start": "2026-12-05T10:00:00+05:00"]

    /// One method: its status and envelope.
    func run(_ method: String, _ body: JSONValue) -> (Int, JSONValue) {
        let fields = body.objectFields
        func failure(_ status: Int, _ code: String, _ text: String) -> (Int, JSONValue) {
            (status, ["error": .string(code), "error_description": .string(text)])
        }
        switch method {
        case "user.get": return page(state.withLock { $0.employees }, filter: fields["FILTER"] ?? fields["filter"], start: fields["start"])
        case "department.get": return page(state.withLock { $0.departments }, filter: fields["filter"], start: fields["start"])
        case "crm.deal.list": return page(state.withLock { $0.deals }, filter: fields["filter"], start: fields["start"])
        case "timeman.timecontrol.reports.get":
            let number = { (key: String) -> Int? in fields[key].flatMap { $0.stringValue.flatMap { Int($0) } ?? Int($0.canonicalText) } }
            guard let user = fields["USER_ID"].map({ $0.stringValue ?? $0.canonicalText }), let month = number("MONTH"), let year = number("YEAR") else {
                return failure(400, "ERROR_REQUIRED_PARAMETERS_MISSING", "USER_ID, MONTH and YEAR are required")
            }
            let prefix = String(format: "%04d-%02d", year, month)
            let days = state.withLock { $0.workdays[user] ?? [] }.filter { $0.start.hasPrefix(prefix) }.map { day -> JSONValue in
                ["index": .string(day.start.prefix(10).replacingOccurrences(of: "-", with: "")), "workday_date_start": .string(day.start),
                 "workday_duration": .int(day.seconds), "workday_duration_config": .int(28_800), "workday_complete": true]
            }
            return (200, ["result": ["report": ["days": .array(days)]], "time": Self.time])
        case "batch":
            let commands = fields["cmd"]?.objectFields ?? [:]
            guard commands.count <= 50 else { return failure(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded") }
            var results: [String: JSONValue] = [:], errors: [String: JSONValue] = [:]
            for (key, command) in commands.sorted(by: { $0.key < $1.key }) {
                let (name, query) = Self.command(command.stringValue ?? "")
                guard name != "batch" else { errors[key] = ["error": "ERROR_BATCH_METHOD_NOT_ALLOWED", "error_description": ""]; continue }
                let (status, envelope) = run(name, query)
                if status == 200 { results[key] = envelope.objectFields["result"] ?? .null } else { errors[key] = envelope }
            }
            // The portal writes an empty map as [].
            return (200, ["result": ["result": results.isEmpty ? .array([]) : .object(results),
                                     "result_error": errors.isEmpty ? .array([]) : .object(errors)], "time": Self.time])
        case "im.notify.system.add":
            guard let user = fields["USER_ID"]?.stringValue, !user.isEmpty, let message = fields["MESSAGE"]?.stringValue else {
                return failure(400, "ERROR_REQUIRED_PARAMETERS_MISSING", "USER_ID and MESSAGE are required")
            }
            return state.withLock { state in
                state.notificationCalls += 1
                let tag = fields["TAG"]?.stringValue ?? "untagged-\(state.notificationCalls)"
                state.notifications["\(user)/\(tag)"] = ["USER_ID": .string(user), "MESSAGE": .string(message)]
                return (200, ["result": .int(Int64(state.notificationCalls)), "time": Self.time])
            }
        case "lists.element.add":
            guard let code = fields["ELEMENT_CODE"]?.stringValue, !code.isEmpty else { return failure(400, "ERROR_REQUIRED_PARAMETERS_MISSING", "ELEMENT_CODE is required") }
            return state.withLock { state in
                guard !uniqueCodes || !state.elements.contains(where: { $0.code == code }) else {
                    return failure(400, "ERROR_ELEMENT_ALREADY_EXISTS", "Element already exists")
                }
                state.nextElement += 1
                state.elements.append(Element(code: code, id: state.nextElement, fields: fields["FIELDS"]?.objectFields ?? [:]))
                return (200, ["result": .int(state.nextElement), "time": Self.time])
            }
        case "lists.element.get":
            let code = fields["ELEMENT_CODE"]?.stringValue ?? ""
            return state.withLock { state in
                let found = state.elements.filter { $0.code == code }
                let rows = found.map { element -> JSONValue in
                    var row: [String: JSONValue] = ["ID": .string(String(element.id)), "CODE": .string(code)]
                    for (name, value) in element.fields {
                        row[name] = name.hasPrefix("PROPERTY_") ? .object([String(element.id * 10): value]) : value
                    }
                    return .object(row)
                }
                return (200, ["result": .array(rows), "total": .int(Int64(rows.count)), "time": Self.time])
            }
        case "lists.element.update":
            let code = fields["ELEMENT_CODE"]?.stringValue ?? ""
            return state.withLock { state in
                guard let index = state.elements.firstIndex(where: { $0.code == code }) else { return failure(400, "ERROR_ELEMENT_NOT_FOUND", "Element not found") }
                // An update overwrites every field: what is not sent is cleared.
                state.elements[index].fields = fields["FIELDS"]?.objectFields ?? [:]
                return (200, ["result": .bool(true), "time": Self.time])
            }
        default: return failure(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        }
    }

    /// A list page: rows by ID ascending, `>ID` and `>=DATE_MODIFY` applied; `start: -1` the
    /// first 50 uncounted, else 50 from `start` with `total` and, when more remain, `next`.
    func page(_ rows: [JSONValue], filter: JSONValue?, start: JSONValue?) -> (Int, JSONValue) {
        let above = filter?.objectFields[">ID"].flatMap { value -> Int64? in
            switch value { case .int(let id): id; case .string(let text): Int64(text); default: nil }
        } ?? 0
        // An unparseable date matches nothing, as the portal does.
        let sinceText = filter?.objectFields[">=DATE_MODIFY"]
        let since: Timestamp? = sinceText?.stringValue.flatMap { Timestamp(parsing: $0) }
        let id = { (row: JSONValue) in Int64(row.objectFields["ID"]?.stringValue ?? "") ?? 0 }
        let matching = rows.filter { row in
            guard id(row) > above else { return false }
            guard sinceText != nil else { return true }
            guard let since, let modified = row.objectFields["DATE_MODIFY"]?.stringValue.flatMap(Timestamp.init(parsing:)) else { return false }
            return modified >= since
        }.sorted { id($0) < id($1) }
        let offset: Int64 = switch start { case .int(let n)?: n; case .string(let text)?: Int64(text) ?? 0; default: 0 }
        if offset < 0 { return (200, ["result": .array(Array(matching.prefix(50))), "total": .int(0), "time": Self.time]) }
        let slice = Array(matching.dropFirst(Int(offset)).prefix(50))
        var envelope: [String: JSONValue] = ["result": .array(slice), "total": .int(Int64(matching.count)), "time": Self.time]
        if Int(offset) + slice.count < matching.count { envelope["next"] = .int(offset + Int64(slice.count)) }
        return (200, .object(envelope))
    }

    /// `user.get?FILTER[>ID]=5&start=-1` as the portal reads a batch command (PHP's parse_str:
    /// one level of brackets is enough for what the client sends).
    static func command(_ text: String) -> (String, JSONValue) {
        let parts = text.split(separator: "?", maxSplits: 1)
        var fields: [String: JSONValue] = [:]
        for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            let (key, value) = (kv[0], kv.count > 1 ? kv[1] : "")
            if let open = key.firstIndex(of: "["), key.hasSuffix("]") {
                let outer = String(key[..<open]), inner = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
                var nested = fields[outer]?.objectFields ?? [:]
                nested[inner] = .string(value)
                fields[outer] = .object(nested)
            } else {
                fields[key] = Int64(value).map(JSONValue.int) ?? .string(value)
            }
        }
        return (String(parts.first ?? ""), .object(fields))
    }
}
