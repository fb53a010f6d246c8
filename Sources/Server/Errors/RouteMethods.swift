import Synchronization

/// Which methods each path is served for, taken from the router once its routes are added: a
/// request for a known path with another method is answered 405 with `Allow`, not 404.
final class RouteMethods: Sendable {
    private let routes = Mutex<[(segments: [Substring], method: String)]>([])

    func record(_ routes: [(path: String, method: String)]) {
        self.routes.withLock { $0 = routes.map { (segments: $0.path.split(separator: "/"), method: $0.method) } }
    }

    /// The methods served for `path`, sorted; empty when no route has that shape.
    func allowed(for path: String) -> [String] {
        let asked = path.split(separator: "/")
        let methods = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == asked.count
                    && zip(route.segments, asked).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern.hasPrefix(":") || pattern == segment }
            }.map(\.method)
        }
        return Set(methods).sorted()
    }
}
