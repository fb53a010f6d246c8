import FactoryCore
import Logging
import HTTPTypes
import Hummingbird

/// Bearer JWT → who signed in, then the per-user rate limit. The account is read fresh with
/// the request's own database work (`FactoryAPI.read(as:)`, `write(as:)`), so a disabled
/// account stops at once without a database visit of its own here. What the person may do is
/// decided by the one permission matrix inside each service call, never here.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = FactoryRequestContext
    let api: FactoryAPI

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw FactoryError(.unauthorized, reason: "not_signed_in", "this endpoint needs a Bearer access token")
        }
        let bearer = try await api.accessTokens.verify(String(header.dropFirst("Bearer ".count)))
        // Named in the request log even when the call fails before its database work.
        context.caller.set(bearer.username ?? bearer.id.text)
        try api.apiLimiter.take("user:\(bearer.id.text)")
        var context = context
        context.signedIn = bearer.id
        context.signedInPosition = bearer.position
        return try await next(request, context)
    }
}
