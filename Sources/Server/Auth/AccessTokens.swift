import FactoryCore
import Foundation
import JWTKit

/// Short-lived access tokens (`ACCESS_TOKEN_TTL_MIN`, 15 min; the spec's 8 h would let a token
/// outlive its signed-out refresh family that long), HS256 over JWT_SECRET through JWTKit. The token
/// names the person (id and username) and the position it was issued for; the account is read
/// again from the database with every request's work, so a demoted or disabled user loses
/// rights at once.
public struct AccessTokens: Sendable {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var iat: IssuedAtClaim
        var exp: ExpirationClaim
        var role: String
        /// For the request log of a call that fails before its database work; tokens issued
        /// before it was added lack it.
        var preferred_username: String?

        // Expiry is judged against the injected clock in `verify(_:)`, not the system's.
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let keys: JWTKeyCollection
    let clock: any WallClock
    let lifetimeSeconds: Int64

    public init(secret: [UInt8], clock: any WallClock, lifetimeSeconds: Int64) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.clock = clock
        self.lifetimeSeconds = lifetimeSeconds
    }

    public func issue(for user: User) async throws -> (token: String, expiresAt: Timestamp) {
        let now = clock.now()
        let expires = now.adding(seconds: lifetimeSeconds)
        let claims = Claims(sub: .init(value: user.id.text), iat: .init(value: now.date), exp: .init(value: expires.date),
                            role: user.position.rawValue, preferred_username: user.username)
        return (try await keys.sign(claims), expires)
    }

    /// Who a valid, unexpired token names: the user's id and, when the token carries it, the
    /// username it was issued to.
    public struct Bearer: Sendable {
        public let id: User.ID
        public let username: String?
        public let position: Position?
    }

    /// Who a valid, unexpired token names; `unauthorized` otherwise, without saying why beyond
    /// expired or not (a tampered token and a foreign one read the same).
    public func verify(_ token: String) async throws -> Bearer {
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch {
            throw FactoryError(.unauthorized, reason: "bad_token", "the access token is not valid: sign in again")
        }
        guard claims.exp.value > clock.now().date else {
            throw FactoryError(.unauthorized, reason: "token_expired", "the access token has expired: refresh it or sign in again")
        }
        guard let id = User.ID(claims.sub.value) else {
            throw FactoryError(.unauthorized, reason: "bad_token", "the access token is not valid: sign in again")
        }
        return Bearer(id: id, username: claims.preferred_username, position: Position(rawValue: claims.role))
    }
}
