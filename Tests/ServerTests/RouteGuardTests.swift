import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// What a route needs is checked before anything of the request is read, and the OpenAPI
/// document says it: a caller without the right gets 403 naming the permission whatever the
/// body or query, and a known path called with another method gets 405.
@Suite struct RouteGuardTests {
    /// A person of every position, with a password, by username.
    static func onePersonPerPosition(_ harness: APIHarness) throws -> [Position: String] {
        try Dictionary(uniqueKeysWithValues: Position.allCases.map { ($0, try harness.person($0)) })
    }

    /// A documented path with a fresh id in each of its parameters.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: UUID().uuidString.lowercased(), options: .regularExpression)
    }

    /// Signs each position in once, when first needed.
    actor Tokens {
        let client: Client
        let people: [Position: String]
        private var issued: [Position: String] = [:]

        init(client: Client, people: [Position: String]) {
            self.client = client
            self.people = people
        }

        func of(_ position: Position) async throws -> String {
            if let token = issued[position] { return token }
            let token = try await client.login(people[position]!)
            issued[position] = token
            return token
        }
    }

    @Test(arguments: TestBackends.all)
    func aCallerWithoutTheRightGets403BeforeTheBodyOrQueryIsRead(backend: Backend) async throws {
        let harness = try await APIHarness(backend) { $0.signInRateLimitPerMinute = 1000 }
        let (_, document) = try OpenAPIDocumentTests.documented()
        var guarded: [(method: String, path: String, permissions: [Permission])] = []
        for (path, item) in document.objectFields["paths"]?.objectFields ?? [:] {
            for (method, operation) in item.objectFields {
                // One permission (`x-permission`), or any of several (`x-permission-any`).
                let names: [String] = if case .string(let one)? = operation.objectFields["x-permission"] { [one] }
                    else if case .array(let any)? = operation.objectFields["x-permission-any"] { any.compactMap(\.stringValue) } else { [] }
                guard !names.isEmpty else { continue }
                guarded.append((method, path, try names.map { try #require(Permission(rawValue: $0), "\(method) \(path): unknown permission \($0)") }))
            }
        }
        let signedIn = (document.objectFields["paths"]?.objectFields ?? [:]).flatMap { path, item in
            item.objectFields.filter { _, operation in
                operation.objectFields["security"]?.canonicalText.contains("bearer") == true && operation.objectFields["responses"]?.objectFields["501"] == nil
            }.map { method, _ in "\(method) \(path)" }
        }.filter { !["get /api/v1/me", "get /api/v1/roles", "get /api/v1/rbac/roles", "get /api/v1/permissions", "get /api/v1/rbac/permissions"].contains($0) }
        #expect(guarded.count == signedIn.count, "every signed-in route but /me, /roles and /permissions names what it needs")
        let (filled, people) = (guarded, try Self.onePersonPerPosition(harness))
        try await harness.run { client in
            let tokens = Tokens(client: client, people: people)
            for (method, path, permissions) in filled {
                let outsider = try #require(Position.allCases.first { position in !permissions.contains { PermissionMatrix.allows(position, $0) } },
                                            "\(permissions) are everyone's")
                let uri = Self.concrete(path)
                    + "?page=not-a-number&page_size=0&role=nobody&status=nonsense&from=yesterday"
                let reply = try await client.call(HTTPRequest.Method(method.uppercased())!, uri, token: try await tokens.of(outsider),
                                                  raw: Array(#"{"no_such_field": [1, "#.utf8))
                #expect(reply.status == 403, "\(method.uppercased()) \(path) as \(outsider.rawValue): \(reply.status) \(reply.body.canonicalText)")
                let named = Set((reply.errorDetail["permission"]?.stringValue ?? "").split(separator: ",").map(String.init))
                #expect(named == Set(permissions.map(\.rawValue)), "\(method.uppercased()) \(path)")
            }
        }
    }

    /// One rule for bodies, as the document states it: a field it does not describe is refused
    /// by name, on every operation that takes a JSON body, at the top and deeper down.
    @Test(arguments: TestBackends.all)
    func everyBodyRefusesAFieldTheDocumentDoesNotDescribe(backend: Backend) async throws {
        let harness = try await APIHarness(backend) { $0.signInRateLimitPerMinute = 1000 }
        let (_, document) = try OpenAPIDocumentTests.documented()
        var bodies: [(method: String, path: String, permissions: [Permission])] = []
        for (path, item) in document.objectFields["paths"]?.objectFields ?? [:] {
            // A JSON body: a CSV file (payroll/import) has no fields to misspell.
            for (method, operation) in item.objectFields
            where operation.objectFields["requestBody"]?.objectFields["content"]?.objectFields["application/json"] != nil {
                guard !path.hasSuffix("/heartbeat"), !path.hasSuffix("/ingest/scale-events") else { continue }
                let names: [String] = if case .string(let one)? = operation.objectFields["x-permission"] { [one] }
                    else if case .array(let any)? = operation.objectFields["x-permission-any"] { any.compactMap(\.stringValue) } else { [] }
                bodies.append((method, path, names.compactMap(Permission.init(rawValue:))))
            }
        }
        #expect(bodies.count >= 35)
        let (all, people) = (bodies, try Self.onePersonPerPosition(harness))
        try await harness.run { client in
            let tokens = Tokens(client: client, people: people)
            for (method, path, permissions) in all {
                let holder = Position.allCases.first { position in permissions.contains { PermissionMatrix.allows(position, $0) } } ?? .sexBoshligi
                let reply = try await client.call(HTTPRequest.Method(method.uppercased())!, Self.concrete(path), token: try await tokens.of(holder),
                                                  json: ["no_such_field": 1])
                #expect(reply.status == 422 && reply.errorDetail["reason"] == "unknown_field" && reply.errorDetail["field"] == "no_such_field",
                        "\(method.uppercased()) \(path): \(reply.status) \(reply.body.canonicalText)")
            }
            // Deeper down: a misspelt field of a shipment's line.
            let main = try await tokens.of(.mainOmbor)
            let nested = try await client.call(.post, "stock/transfers/main-to-shop", token: main, json: [
                "lines": [["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-MAIN-01", "batch": "B-1"]]])
            #expect(nested.status == 422 && nested.errorDetail["field"] == "lines[0].batch", "\(nested.body.canonicalText)")
        }
    }

    @Test(arguments: TestBackends.all)
    func aKnownPathWithAnotherMethodIs405WithAllow(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("op.aziz")
        try await harness.run { client in
            let token = try await client.login("op.aziz")
            let id = UUID().uuidString.lowercased()
            for (method, path, allow) in [(HTTPRequest.Method.delete, "packages", "POST"), (.put, "sessions/\(id)/pause", "PATCH"),
                                          (.delete, "packages/\(id)", "GET, PATCH"), (.post, "me", "GET"),
                                          (.get, "ingest/scale-events/\(id)", nil), (.get, "no/such/endpoint", nil)] {
                let reply = try await client.call(method, path, token: token)
                if let allow {
                    #expect(reply.status == 405 && reply.errorDetail["reason"] == "method_not_allowed", "\(method) \(path): \(reply.status)")
                    #expect(reply.headers[.allow] == allow, "\(method) \(path)")
                } else {
                    #expect(reply.status == 404 && reply.errorDetail["reason"] == "route_not_found", "\(method) \(path): \(reply.status)")
                }
                #expect(reply.isEnvelope)
            }
        }
    }
}
