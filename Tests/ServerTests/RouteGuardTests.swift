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
    @Test(arguments: TestBackends.all)
    func aCallerWithoutTheRightGets403BeforeTheBodyOrQueryIsRead(backend: Backend) async throws {
        let harness = try await APIHarness(backend) { $0.signInRateLimitPerMinute = 1000 }
        let (_, document) = try OpenAPIDocumentTests.documented()
        var guarded: [(method: String, path: String, permission: Permission)] = []
        for (path, item) in document.objectFields["paths"]?.objectFields ?? [:] {
            for (method, operation) in item.objectFields {
                guard case .string(let name)? = operation.objectFields["x-permission"] else { continue }
                guarded.append((method, path, try #require(Permission(rawValue: name), "\(method) \(path): unknown permission \(name)")))
            }
        }
        #expect(guarded.count >= 45, "the single-permission routes name their permission")
        var people: [Position: String] = [:]
        for position in Position.allCases { people[position] = try harness.person(position) }
        let (filled, names) = (guarded, people)
        try await harness.run { client in
            var tokens: [Position: String] = [:]
            for (method, path, permission) in filled {
                let outsider = try #require(Position.allCases.first { !PermissionMatrix.allows($0, permission) }, "\(permission) is everyone's")
                if tokens[outsider] == nil { tokens[outsider] = try await client.login(names[outsider]!) }
                let uri = path.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: UUID().uuidString.lowercased(), options: .regularExpression)
                    + "?page=not-a-number&page_size=0&role=nobody&status=nonsense&from=yesterday"
                let reply = try await client.call(HTTPRequest.Method(method.uppercased())!, uri, token: tokens[outsider],
                                                  raw: Array(#"{"no_such_field": [1, "#.utf8))
                #expect(reply.status == 403, "\(method.uppercased()) \(path) as \(outsider.rawValue): \(reply.status) \(reply.body.canonicalText)")
                #expect(reply.errorDetail["permission"] == .string(permission.rawValue), "\(method.uppercased()) \(path)")
            }
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
