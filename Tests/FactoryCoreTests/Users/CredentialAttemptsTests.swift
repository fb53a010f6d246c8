import FactoryCore
import FactoryTestSupport
import Testing

@Suite struct LockoutRuleTests {
    let now = Timestamp(parsing: "2026-11-25T06:00:00Z")!

    @Test func theFifthWrongAttemptInARunLocksForFifteenMinutes() {
        var state = Lockout.State()
        for n in 1...4 {
            state = Lockout.afterFailure(state, at: now.adding(seconds: Int64(n)))
            #expect(Lockout.lockedUntil(state, at: now.adding(seconds: Int64(n))) == nil, "attempt \(n) does not lock")
        }
        state = Lockout.afterFailure(state, at: now.adding(seconds: 5))
        #expect(Lockout.lockedUntil(state, at: now.adding(seconds: 5)) == now.adding(seconds: 5 + 900))
        #expect(Lockout.lockedUntil(state, at: now.adding(seconds: 5 + 900)) == nil, "the lock ends on time")
        // Once the lock has passed, the next wrong attempt starts a new run.
        state = Lockout.afterFailure(state, at: now.adding(seconds: 5 + 901))
        #expect(state.failures == 1 && state.lockedUntil == nil)
    }

    @Test func aRunWhoseLastAttemptIsOldStartsAgain() {
        var state = Lockout.State()
        for n in 1...4 { state = Lockout.afterFailure(state, at: now.adding(seconds: Int64(n))) }
        state = Lockout.afterFailure(state, at: now.adding(seconds: 4 + 901))
        #expect(state.failures == 1 && state.lockedUntil == nil)
    }
}

@Suite struct CredentialAttemptsTests {
    func attempt(_ name: String, _ kind: CredentialAttempts.Kind = .pin, purpose: CredentialAttempts.Purpose = .signIn) -> CredentialAttempts.Attempt {
        .init(username: name, kind: kind, purpose: purpose, channel: "kiosk:fg", address: "10.1.2.3")
    }

    /// Checks on a read and records in a change, as the API and the kiosks do.
    func tryOnce(_ factory: TestFactory, _ attempt: CredentialAttempts.Attempt, _ secret: String) throws -> FactoryError? {
        let attempts = factory.services.credentialAttempts
        let checked = try factory.db.read { try attempts.check($0, attempt, secret: secret) }
        return try factory.db.write { try attempts.record($0, checked) }
    }

    @Test(arguments: TestBackends.all)
    func fiveWrongPINsLockEvenTheRightOneUntilTheLockEnds(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let actor = try factory.actor(.fgOmbor)
        try factory.db.write { try factory.services.users.setCredentials($0, by: TestFactory.console, user: actor.userID, password: nil, pin: "7531") }
        for n in 1...4 {
            let refusal = try tryOnce(factory, attempt(actor.username), "8642")
            #expect(refusal?.reason == "bad_credentials", "wrong PIN \(n)")
        }
        let locking = try tryOnce(factory, attempt(actor.username), "8642")
        #expect(locking?.code == .rateLimited && locking?.reason == "sign_in_locked")
        #expect(locking?.details["retry_after_s"] == "900")
        let stillLocked = try tryOnce(factory, attempt(actor.username), "7531")
        #expect(stillLocked?.reason == "sign_in_locked", "the right PIN does not open a locked account")

        factory.clock.advance(seconds: 901)
        #expect(try tryOnce(factory, attempt(actor.username), "7531") == nil)
        #expect(try factory.count("credential_lockouts") == 0, "the right PIN ends the run")

        let actions = try factory.db.read { db in
            try db.query("SELECT action, role, old_new_diff_json FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq").map {
                (try $0.string("action"), $0.optionalString("role"), try $0.string("old_new_diff_json"))
            }
        }
        #expect(actions.map(\.0) == Array(repeating: "auth.sign_in_refused", count: 5) + ["auth.locked", "auth.sign_in_refused", "auth.signed_in"])
        #expect(actions.allSatisfy { $0.2.contains("kiosk:fg") && $0.2.contains("10.1.2.3") && !$0.2.contains("8642") && !$0.2.contains("7531") },
                "each row says where the attempt came from and never the PIN")
        #expect(try factory.audit.verify(factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func anUnknownUsernameIsAuditedWithoutAnAccountAndLocksNothing(backend: Backend) throws {
        let factory = try TestFactory(backend)
        for _ in 1...6 {
            #expect(try tryOnce(factory, attempt("nobody.here", .password), "whatever-password")?.reason == "bad_credentials")
        }
        #expect(try factory.count("credential_lockouts") == 0)
        let rows = try factory.db.read { db in
            try db.query("SELECT actor_id, role, object_id FROM audit_log WHERE action = 'auth.sign_in_refused'").map {
                ($0.optionalString("actor_id"), $0.optionalString("role"), $0.optionalString("object_id"))
            }
        }
        #expect(rows.count == 6)
        #expect(rows.allSatisfy { $0.0 == nil && $0.1 == "anonymous" && $0.2 == nil })
    }

    @Test(arguments: TestBackends.all)
    func aWrongESealPINIsItsOwnRefusalNotASignInOne(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let actor = try factory.actor(.otk)
        try factory.db.write { try factory.services.users.setCredentials($0, by: TestFactory.console, user: actor.userID, password: nil, pin: "4321") }
        let refusal = try tryOnce(factory, attempt(actor.username, purpose: .eSeal), "9999")
        #expect(refusal?.code == .validationError && refusal?.reason == "wrong_pin" && refusal?.details["field"] == "pin")
        for _ in 2...5 { _ = try tryOnce(factory, attempt(actor.username, purpose: .eSeal), "9999") }
        #expect(try tryOnce(factory, attempt(actor.username, purpose: .eSeal), "4321")?.reason == "pin_locked")
        // A PIN is one credential: the kiosk sign-in with it is locked as well.
        #expect(try tryOnce(factory, attempt(actor.username), "4321")?.reason == "sign_in_locked")
    }
}
