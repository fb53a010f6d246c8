import FactoryCore
import HTTPTypes
import Hummingbird

/// A route that needs one permission says so where it is added (`post("packages", needs:
/// .packageCreate)`): the access token's position is checked before the handler reads the
/// body or the query, so a caller without the right learns nothing of their shape (403, not
/// 422). The service checks again with the account as it is now; the OpenAPI document names
/// the same permission as `x-permission` (a test holds the two together).
extension RouterGroup where Context == FactoryRequestContext {
    @discardableResult
    func get<Output: ResponseGenerator>(_ path: RouterPath, needs permission: Permission,
                                        use handler: @escaping @Sendable (Request, Context) async throws -> Output) -> Self {
        on(path, method: .get, needs: permission, use: handler)
    }

    @discardableResult
    func post<Output: ResponseGenerator>(_ path: RouterPath, needs permission: Permission,
                                         use handler: @escaping @Sendable (Request, Context) async throws -> Output) -> Self {
        on(path, method: .post, needs: permission, use: handler)
    }

    @discardableResult
    func patch<Output: ResponseGenerator>(_ path: RouterPath, needs permission: Permission,
                                          use handler: @escaping @Sendable (Request, Context) async throws -> Output) -> Self {
        on(path, method: .patch, needs: permission, use: handler)
    }

    @discardableResult
    func on<Output: ResponseGenerator>(_ path: RouterPath, method: HTTPRequest.Method, needs permission: Permission,
                                       use handler: @escaping @Sendable (Request, Context) async throws -> Output) -> Self {
        on(path, method: method, needsOneOf: [permission], use: handler)
    }

    /// A route whose permission depends on its object (which gate, which approval): a caller
    /// who holds none of them is refused before the body is read (`x-permission-any`).
    @discardableResult
    func post<Output: ResponseGenerator>(_ path: RouterPath, needsOneOf permissions: [Permission],
                                         use handler: @escaping @Sendable (Request, Context) async throws -> Output) -> Self {
        on(path, method: .post, needsOneOf: permissions, use: handler)
    }

    @discardableResult
    func on<Output: ResponseGenerator>(_ path: RouterPath, method: HTTPRequest.Method, needsOneOf permissions: [Permission],
                                       use handler: @escaping @Sendable (Request, Context) async throws -> Output) -> Self {
        on(path, method: method) { request, context in
            if let position = context.signedInPosition { try PermissionMatrix.require(position, oneOf: permissions) }
            return try await handler(request, context)
        }
    }
}
