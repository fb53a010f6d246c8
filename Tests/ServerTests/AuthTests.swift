import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Testing

/// Spec §9.5 security cases and the refresh rotation of the server issue.
@Suite struct AuthTests {
    @Test(arguments: TestBackends.all)
    func signInThenAskWhoIAm(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("op.aziz")
        try await harness.run { client in
            let bad = try await client.call(.post, "auth/login", json: ["username": "op.aziz", "password": "wrong-password"])
            #expect(bad.status == 401)
            #expect(bad.isEnvelope && bad.errorCode == "unauthorized")
            let unknown = try await client.call(.post, "auth/login", json: ["username": "nobody", "password": "wrong-password"])
            #expect(unknown.body.objectFields["error"]?.objectFields["message"] == bad.body.objectFields["error"]?.objectFields["message"],
                    "an unknown name and a wrong password read the same")

            let token = try await client.login("op.aziz")
            let me = try await client.call(.get, "me", token: token)
            #expect(me.status == 200)
            #expect(me.string("username") == "op.aziz")
            #expect(me.string("role") == "operator")
            #expect(me["permissions"].map { $0.canonicalText.contains("package.create") } == true)
        }
    }

    @Test(arguments: TestBackends.all)
    func noTokenAnExpiredTokenAndATamperedTokenAreRefused(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("op.aziz")
        try await harness.run { client in
            let token = try await client.login("op.aziz")
            let none = try await client.call(.get, "me")
            #expect(none.status == 401 && none.isEnvelope)
            var tampered = Array(token)
            tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
            let forged = try await client.call(.get, "me", token: String(tampered))
            #expect(forged.status == 401)
            #expect(forged.errorDetail["reason"] == "bad_token")
            let foreign = try await client.call(.get, "me", token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
            #expect(foreign.status == 401)

            harness.clock.advance(seconds: 15 * 60 + 1)
            let expired = try await client.call(.get, "me", token: token)
            #expect(expired.status == 401)
            #expect(expired.errorDetail["reason"] == "token_expired")
        }
    }

    @Test(arguments: TestBackends.all)
    func aWrongRoleIsForbidden(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("op.aziz")
        try await harness.run { client in
            let token = try await client.login("op.aziz")
            let users = try await client.call(.get, "users", token: token)
            #expect(users.status == 403)
            #expect(users.errorCode == "forbidden")
            #expect(users.errorDetail["permission"] == "user.manage")
        }
    }

    @Test(arguments: TestBackends.all)
    func aRefreshTokenWorksOnceAndItsReuseSignsTheFamilyOut(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("op.aziz")
        try await harness.run { client in
            let login = try await client.call(.post, "auth/login", json: ["username": "op.aziz", "password": "test-password-1"])
            let first = try #require(login.string("refresh_token"))
            let rotated = try await client.call(.post, "auth/refresh", json: ["refresh_token": .string(first)])
            #expect(rotated.status == 200)
            let second = try #require(rotated.string("refresh_token"))
            #expect(second != first)
            #expect(try await client.call(.get, "me", token: rotated.string("access_token")).status == 200)

            let replay = try await client.call(.post, "auth/refresh", json: ["refresh_token": .string(first)])
            #expect(replay.status == 401)
            #expect(replay.errorDetail["reason"] == "refresh_token_reused")
            let afterReplay = try await client.call(.post, "auth/refresh", json: ["refresh_token": .string(second)])
            #expect(afterReplay.status == 401, "the reuse revoked the whole family, the newest token too")
            // An access token of the revoked family lives on only until its short expiry.
            harness.clock.advance(seconds: 15 * 60 + 1)
            #expect(try await client.call(.get, "me", token: rotated.string("access_token")).status == 401)

            let garbage = try await client.call(.post, "auth/refresh", json: ["refresh_token": "not-a-token"])
            #expect(garbage.status == 401 && garbage.isEnvelope)
        }
    }

    @Test(arguments: TestBackends.all)
    func aDisabledAccountLosesItsTokenAtOnce(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("op.aziz")
        let session = try harness.floor.start("E1", operators: ["op.aziz"])
        try await harness.run { client in
            let token = try await client.login("op.aziz")
            try harness.floor.factory.db.write { try $0.execute("UPDATE users SET status = 'disabled' WHERE username = 'op.aziz'") }
            let me = try await client.call(.get, "me", token: token)
            #expect(me.status == 401)
            #expect(me.errorDetail["reason"] == "user_disabled")
            // A change is refused the same way, inside its own transaction, and leaves no trace.
            let auditRows = try harness.floor.factory.count("audit_log")
            let pause = try await client.call(.patch, "sessions/\(session.id.text)/pause", token: token, json: ["reason": "break"])
            #expect(pause.status == 401)
            #expect(pause.errorDetail["reason"] == "user_disabled")
            #expect(try harness.floor.factory.count("audit_log") == auditRows)
            #expect(try harness.floor.factory.db.read { try $0.queryOne("SELECT status FROM sessions")?.string("status") } == "opened")
        }
    }
}
