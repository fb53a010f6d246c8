import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird

/// Endpoints of the spec whose capability comes with a later part of the product (alerts). They exist so clients generated
/// from the OpenAPI document see the whole API, and answer 501 with the envelope until then.
public struct LaterRoutes {
    public static let endpoints: [(HTTPRequest.Method, String, String)] = [
        (.get, "alerts", "alerts"), (.post, "alerts/:id/ack", "alerts"), (.post, "alerts/:id/close", "alerts"),
    ]

    /// Whether a router path (`/api/v1/kpi/snapshot/{id}/approve`) is one of these.
    public static func isLater(_ path: String) -> Bool {
        endpoints.contains { "/api/v1/" + $0.1.replacingOccurrences(of: ":id", with: "{id}") == path }
    }

    let api: FactoryAPI

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let api = api
        for (method, path, capability) in Self.endpoints {
            group.on(RouterPath(path), method: method) { _, context -> Response in
                _ = try await api.signedIn(context)
                throw FactoryError(.unavailable, reason: "not_implemented",
                                   "\(capability) is not available in this version of the server", details: ["capability": capability])
            }
        }
    }
}
