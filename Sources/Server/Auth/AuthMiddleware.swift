import FactoryCore
import Logging
import HTTPTypes
import Hummingbird

/// Bearer JWT → the signed-in person, read fresh from the database (a disabled account stops
/// at once), then the per-user rate limit. What the person may do is decided by the one
/// permission matrix inside each service call, never here.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = FactoryRequestContext
    let api: FactoryAPI

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw FactoryError(.unauthorized, reason: "not_signed_in", "this endpoint needs a Bearer access token")
        }
        let userID = try await api.accessTokens.verify(String(header.dropFirst("Bearer ".count)))
        let services = api.services
        let user = try await api.read { db in
            do { return try services.users.find(db, id: userID) } catch let error as FactoryError where error.code == .notFound {
                throw FactoryError(.unauthorized, reason: "bad_token", "the access token is not valid: sign in again")
            }
        }
        guard user.status == .active else {
            throw FactoryError(.unauthorized, reason: "user_disabled", "this account is disabled")
        }
        try api.apiLimiter.take("user:\(user.id.text)")
        var context = context
        context.actor = Actor(user)
        context.caller.set(user.username)
        return try await next(request, context)
    }
}
