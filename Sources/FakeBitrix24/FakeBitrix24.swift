import FactoryCore
import Foundation
import Hummingbird
import Synchronization

/// A Bitrix24 portal in one process, speaking the real wire format (research note §7), for tests
/// and the demo: an inbound webhook at `/rest/{user}/{code}/{method}.json`; `user.get`,
/// `department.get` and `crm.deal.list` paged by 50 with `>ID` filters and uncounted pages
/// (`start: -1`); `batch`; a universal list (`lists.element.add|get|update`) that refuses a
/// duplicate `ELEMENT_CODE`; and faults injected per method: the budget's 503, an expired
/// token, a 500, and an answer dropped after the record was created.
public final class FakeBitrix24: Sendable {
    public enum Fault: Sendable, Equatable {
        /// 503 QUERY_LIMIT_EXCEEDED: nothing is run.
        case limitExceeded
        /// The call is run, then answered 502 with a proxy's HTML page: the client cannot know.
        case dropAnswerAfterCommit
        /// 401 expired_token: nothing is run.
        case expiredToken
        /// 500 INTERNAL_SERVER_ERROR: nothing is run.
        case serverError
    }

    struct State {
        var employees: [JSONValue] = []
        var departments: [JSONValue] = []
        var deals: [JSONValue] = []
        var elements: [String: (id: Int64, fields: [String: JSONValue])] = [:]
        var nextElement: Int64 = 7000
        var faults: [(method: String, fault: Fault)] = []
        var calls: [String] = []
    }

    let token: String
    private let state = Mutex(State())

    /// `employees` people in two departments and `deals` orders.
    public init(token: String, employees: Int = 5, deals: Int = 2) {
        self.token = token
        state.withLock { state in
            state.departments = [["ID": "1", "NAME": "ISOCOM", "SORT": .int(500)], ["ID": "2", "NAME": "Sex", "SORT": .int(500), "PARENT": "1"]]
            state.employees = (1...max(1, employees)).map { n in
                ["ID": .string(String(100 + n)), "ACTIVE": .bool(true), "NAME": .string("Xodim\(n)"), "LAST_NAME": .string("Familiya\(n)"),
                 "WORK_POSITION": .string(n % 2 == 0 ? "operator" : "sex_boshligi"), "UF_DEPARTMENT": .array([.int(n % 2 == 0 ? 2 : 1)]),
                 "USER_TYPE": "employee"]
            }
            state.deals = (1...max(1, deals)).map { n in
                ["ID": .string(String(30 + n)), "TITLE": .string("Buyurtma \(n)"), "STAGE_ID": "NEW", "OPPORTUNITY": "19999.99",
                 "DATE_MODIFY": "2026-11-20T10:00:00+05:00"]
            }
        }
    }

    /// The next `count` calls of `method` meet `fault`.
    public func inject(_ fault: Fault, on method: String, count: Int = 1) {
        state.withLock { $0.faults += Array(repeating: (method, fault), count: count) }
    }

    /// Every method called, in order (batch commands are not listed separately).
    public var calls: [String] { state.withLock { $0.calls } }
    /// The universal list's elements by code.
    public var elements: [String: [String: JSONValue]] { state.withLock { $0.elements.mapValues(\.fields) } }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/rest/:user/:code/:method") { request, context -> Response in
            let method = (context.parameters.get("method") ?? "").replacingOccurrences(of: ".json", with: "")
            guard context.parameters.get("code") == self.token else {
                return Self.answer(401, ["error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"])
            }
            let buffer = try await request.body.collect(upTo: 1024 * 1024)
            let body = (try? JSONValue.parse(String(buffer: buffer))) ?? .object([:])
            let fault = self.state.withLock { state -> Fault? in
                state.calls.append(method)
                guard let index = state.faults.firstIndex(where: { $0.method == method }) else { return nil }
                return state.faults.remove(at: index).fault
            }
            switch fault {
            case .limitExceeded?: return Self.answer(503, ["error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"])
            case .expiredToken?: return Self.answer(401, ["error": "expired_token", "error_description": "The access token provided has expired"])
            case .serverError?: return Self.answer(500, ["error": "INTERNAL_SERVER_ERROR", "error_description": "Internal server error"])
            case .dropAnswerAfterCommit?:
                _ = self.run(method, body)
                return Response(status: .badGateway, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html>502 Bad Gateway</html>")))
            case nil:
                let (status, envelope) = self.run(method, body)
                return Self.answer(status, envelope)
            }
        }
        return router
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
        case "lists.element.add":
            guard let code = fields["ELEMENT_CODE"]?.stringValue, !code.isEmpty else { return failure(400, "ERROR_REQUIRED_PARAMETERS_MISSING", "ELEMENT_CODE is required") }
            return state.withLock { state in
                guard state.elements[code] == nil else { return failure(400, "ERROR_ELEMENT_ALREADY_EXISTS", "Element already exists") }
                state.nextElement += 1
                state.elements[code] = (state.nextElement, fields["FIELDS"]?.objectFields ?? [:])
                return (200, ["result": .int(state.nextElement), "time": Self.time])
            }
        case "lists.element.get":
            let code = fields["ELEMENT_CODE"]?.stringValue ?? ""
            return state.withLock { state in
                guard let element = state.elements[code] else { return (200, ["result": .array([]), "total": .int(0), "time": Self.time]) }
                var row: [String: JSONValue] = ["ID": .string(String(element.id)), "CODE": .string(code)]
                for (name, value) in element.fields {
                    row[name] = name.hasPrefix("PROPERTY_") ? .object([String(element.id * 10): value]) : value
                }
                return (200, ["result": .array([.object(row)]), "total": .int(1), "time": Self.time])
            }
        case "lists.element.update":
            let code = fields["ELEMENT_CODE"]?.stringValue ?? ""
            return state.withLock { state in
                guard let element = state.elements[code] else { return failure(400, "ERROR_ELEMENT_NOT_FOUND", "Element not found") }
                // An update overwrites every field: what is not sent is cleared.
                state.elements[code] = (element.id, fields["FIELDS"]?.objectFields ?? [:])
                return (200, ["result": .bool(true), "time": Self.time])
            }
        default: return failure(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        }
    }

    /// A list page: rows by ID ascending, `>ID` applied; `start: -1` the first 50 uncounted, else
    /// 50 from `start` with `total` and, when more remain, `next`.
    func page(_ rows: [JSONValue], filter: JSONValue?, start: JSONValue?) -> (Int, JSONValue) {
        let above = filter?.objectFields[">ID"].flatMap { value -> Int64? in
            switch value { case .int(let id): id; case .string(let text): Int64(text); default: nil }
        } ?? 0
        let id = { (row: JSONValue) in Int64(row.objectFields["ID"]?.stringValue ?? "") ?? 0 }
        let matching = rows.filter { id($0) > above }.sorted { id($0) < id($1) }
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
