import Crypto
import Foundation

/// Refresh tokens with rotation (spec §7; issue "a used refresh token cannot be used again").
/// A token is 32 random bytes shown once; only its SHA-256 is stored. Each use marks it used
/// and issues the next one of the same family. A token presented a second time means a copy
/// is in someone else's hands, so the whole family is revoked and the person signs in again.
public struct RefreshTokens: Sendable {
    public let clock: any WallClock
    public let lifetimeSeconds: Int64

    public init(clock: any WallClock, lifetimeSeconds: Int64 = 30 * 24 * 3600) {
        self.clock = clock
        self.lifetimeSeconds = lifetimeSeconds
    }

    public struct Issued: Sendable {
        public let token: String
        public let expiresAt: Timestamp
    }

    /// A new family, at sign-in.
    public func issue(_ db: any SQLConnection, for user: User.ID) throws -> Issued {
        try insert(db, user: user, family: TypedID<RefreshTokens>().text)
    }

    /// Trades a token for the next one; returns the user it belongs to.
    public func rotate(_ db: any SQLConnection, token: String) throws -> (user: User.ID, next: Issued) {
        let refused = FactoryError(.unauthorized, reason: "bad_refresh_token", "the refresh token is not valid: sign in again")
        guard let row = try db.queryOne("SELECT * FROM refresh_tokens WHERE token_hash = ?", Self.hash(token)) else { throw refused }
        let now = clock.now()
        let family = try row.string("family_id")
        guard row.isNull("used_at"), row.isNull("revoked_at") else {
            try db.execute("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL", now, family)
            throw FactoryError(.unauthorized, reason: "refresh_token_reused",
                               "this refresh token was already used; every session of it is now signed out")
        }
        guard try row.timestamp("expires_at") > now else { throw refused }
        let user: User.ID = try row.id("user_id")
        let marked = try db.execute("UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL", now, try row.string("id"))
        guard marked == 1 else { throw refused }
        guard try db.queryOne("SELECT 1 AS ok FROM users WHERE id = ? AND status = 'active'", user) != nil else { throw refused }
        return (user, try insert(db, user: user, family: family))
    }

    private func insert(_ db: any SQLConnection, user: User.ID, family: String) throws -> Issued {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let now = clock.now()
        let expires = now.adding(seconds: lifetimeSeconds)
        try db.execute("""
            INSERT INTO refresh_tokens (id, user_id, token_hash, family_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
            """, TypedID<RefreshTokens>(), user, Self.hash(token), family, now, expires)
        return Issued(token: token, expiresAt: expires)
    }

    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}
