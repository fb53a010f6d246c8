import FactoryCore
import HTTPTypes
import Hummingbird

/// Spec §11.1: sign-in with a password, token refresh with rotation, who am I, the people and
/// the permission matrix.
struct AuthRoutes {
    let api: FactoryAPI

    struct Login: Decodable { let username: String; let password: String }
    struct Refresh: Decodable { let refresh_token: String }

    func addPublic(to group: RouterGroup<FactoryRequestContext>) {
        group.post("auth/login") { request, context in
            let body = try await request.decodeJSON(Login.self, context: context, limit: 16 * 1024)
            context.caller.set(body.username)
            // Before any hashing: per client address and per claimed username.
            try api.signInLimiter.take("address:\(context.remoteAddress ?? "-")")
            try api.signInLimiter.take("username:\(body.username.lowercased())")
            let attempts = api.services.credentialAttempts
            let attempt = CredentialAttempts.Attempt(username: body.username, kind: .password, channel: "api", address: context.remoteAddress)
            let checked = try await api.signInRead { try attempts.check($0, attempt, secret: body.password) }
            // The attempt is recorded (audited, counted, perhaps locking) whether or not it
            // succeeded, so a refusal is answered only after its change has committed.
            let outcome: Result<(User, RefreshTokens.Issued), FactoryError> = try await api.write { db in
                if let refusal = try attempts.record(db, checked) { return .failure(refusal) }
                guard case .accepted(let user) = checked.verdict else {
                    return .failure(FactoryError(.unauthorized, reason: "bad_credentials", "wrong username or password"))
                }
                return .success((user, try api.refreshTokens.issue(db, for: user.id)))
            }
            let (user, refresh) = try outcome.get()
            return try await tokens(for: user, refresh: refresh)
        }
        group.post("auth/refresh") { request, context in
            let body = try await request.decodeJSON(Refresh.self, context: context, limit: 16 * 1024)
            let services = api.services
            // A reused token revokes its family: that must stick even though the call fails.
            let outcome: Result<(User, RefreshTokens.Issued), FactoryError> = try await api.write { db in
                do {
                    let (userID, next) = try api.refreshTokens.rotate(db, token: body.refresh_token)
                    return .success((try services.users.find(db, id: userID), next))
                } catch let error as FactoryError where error.reason == "refresh_token_reused" {
                    return .failure(error)
                }
            }
            let (user, next) = try outcome.get()
            return try await tokens(for: user, refresh: next)
        }
    }

    func addProtected(to group: RouterGroup<FactoryRequestContext>) {
        group.get("me") { _, context in
            let services = api.services
            let user = try await api.read(as: context) { db, actor in try services.users.find(db, id: actor.userID) }
            var body = user.json.objectFields
            body["permissions"] = .array(PermissionMatrix.grants[user.position, default: []].map(\.rawValue).sorted().map(JSONValue.string))
            return APIResponse(.ok, .object(body))
        }
        group.get("users", needs: .userManage) { request, context in
            let role = try request.query("role").map { try Position(parsing: $0, field: "role") }
            let page = try request.page()
            let services = api.services
            let users = try await api.read(as: context) { db, actor in
                try PermissionMatrix.require(actor, .userManage)
                return try services.users.list(db, position: role, page: page)
            }
            return APIResponse.page(users.map(\.json), page)
        }
        for path in ["roles", "rbac/roles"] {
            group.get(RouterPath(path)) { _, context in
                _ = try await api.signedIn(context)
                return APIResponse(.ok, ["items": .array(Position.allCases.map { position in
                    ["role": .string(position.rawValue),
                     "permissions": .array(PermissionMatrix.grants[position, default: []].map(\.rawValue).sorted().map(JSONValue.string))]
                })])
            }
        }
        for path in ["permissions", "rbac/permissions"] {
            group.get(RouterPath(path)) { _, context in
                _ = try await api.signedIn(context)
                return APIResponse(.ok, ["items": .array(Permission.allCases.map { permission in
                    ["permission": .string(permission.rawValue),
                     "roles": .array(PermissionMatrix.holders(of: permission).map { .string($0.rawValue) })]
                })])
            }
        }
    }

    private func tokens(for user: User, refresh: RefreshTokens.Issued) async throws -> APIResponse {
        let access = try await api.accessTokens.issue(for: user)
        return APIResponse(.ok, ["access_token": .string(access.token), "token_type": "Bearer",
                                 "expires_at": .string(access.expiresAt.description),
                                 "refresh_token": .string(refresh.token), "refresh_expires_at": .string(refresh.expiresAt.description),
                                 "user": user.json])
    }
}
