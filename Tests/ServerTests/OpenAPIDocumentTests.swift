import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Server
import Testing

/// The OpenAPI document and the router describe the same API: a route the document lacks, or
/// a documented operation no route serves, fails here.
@Suite struct OpenAPIDocumentTests {
    static func documented() throws -> (Set<String>, JSONValue) {
        let document = try JSONValue.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
        var operations: Set<String> = []
        for (path, item) in document.objectFields["paths"]?.objectFields ?? [:] {
            for method in item.objectFields.keys { operations.insert("\(method.uppercased()) \(path)") }
        }
        return (operations, document)
    }

    @Test func theDocumentAndTheRouterListTheSameOperations() async throws {
        let harness = try await APIHarness(.sqlite)
        let routed = Set(FactoryServer.router(harness.api).routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let (documented, document) = try Self.documented()
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from openapi.json")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations without a route")
        #expect(document.objectFields["openapi"] == "3.1.0")
    }

    @Test func everyOperationDescribesItsErrorsWithTheEnvelopeAndItsBody() throws {
        let (_, document) = try Self.documented()
        for (path, item) in document.objectFields["paths"]?.objectFields ?? [:] {
            for (method, operation) in item.objectFields {
                let fields = operation.objectFields
                let responses = fields["responses"]?.objectFields ?? [:]
                let errors = responses.filter { $0.key.hasPrefix("4") || $0.key.hasPrefix("5") }
                #expect(errors.values.allSatisfy { $0.canonicalText.contains("#/components/schemas/Error") }, "\(method) \(path)")
                if ["post", "patch"].contains(method), path.hasPrefix("/api/v1"), !path.hasSuffix("/resume"), !path.hasSuffix("/close"),
                   responses["501"] == nil {
                    #expect(fields["requestBody"] != nil, "\(method) \(path) documents its body")
                }
                if path.hasPrefix("/api/v1"), path != "/api/v1/openapi.json", !path.hasPrefix("/api/v1/auth/") {
                    #expect(fields["security"] != .array([]), "\(method) \(path) names its credentials")
                }
            }
        }
    }

    @Test func theDocumentIsServed() async throws {
        let harness = try await APIHarness(.sqlite)
        try await harness.run { client in
            let reply = try await client.call(.get, "openapi.json")
            #expect(reply.status == 200)
            #expect(reply["paths"] != nil)
        }
    }
}
