import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Synchronization
import Testing

/// Sign-ins and the inspector's PIN over HTTP: every attempt audited, guessing slowed per
/// account and per client address, and the password checks kept off the threads that serve
/// every other read.
@Suite struct SignInTests {
    func auditActions(_ harness: APIHarness, like pattern: String) throws -> [String] {
        try harness.floor.factory.db.read { db in
            try db.query("SELECT action FROM audit_log WHERE action LIKE ? ORDER BY seq", pattern).map { try $0.string("action") }
        }
    }

    @Test(arguments: TestBackends.all)
    func signInsAreAuditedAndARunOfWrongPasswordsLocksTheAccount(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("op.aziz")
        try await harness.run { client in
            _ = try await client.login("op.aziz")
            for n in 1...4 {
                let wrong = try await client.call(.post, "auth/login", json: ["username": "op.aziz", "password": "not-the-password"])
                #expect(wrong.status == 401 && wrong.errorDetail["reason"] == "bad_credentials", "wrong password \(n)")
            }
            let locking = try await client.call(.post, "auth/login", json: ["username": "op.aziz", "password": "not-the-password"])
            #expect(locking.status == 429 && locking.errorDetail["reason"] == "sign_in_locked")
            #expect(locking.headers[.retryAfter] == "900")
            let right = try await client.call(.post, "auth/login", json: ["username": "op.aziz", "password": "test-password-1"])
            #expect(right.status == 429, "a locked account stays locked for the right password too")
            harness.clock.advance(seconds: 901)
            _ = try await client.login("op.aziz")
        }
        #expect(try auditActions(harness, like: "auth.%") == ["auth.signed_in"] + Array(repeating: "auth.sign_in_refused", count: 5)
            + ["auth.locked", "auth.sign_in_refused", "auth.signed_in"])
        let channels = try harness.floor.factory.db.read { db in
            try db.query("SELECT old_new_diff_json FROM audit_log WHERE action LIKE 'auth.%'").map { try $0.string("old_new_diff_json") }
        }
        #expect(channels.allSatisfy { $0.contains(#""channel":"api""#) && !$0.contains("not-the-password") && !$0.contains("test-password-1") })
        #expect(try harness.floor.factory.audit.verify(harness.floor.factory.db).isIntact)
    }

    @Test func signInsAreLimitedPerClientAddressWhateverTheUsername() async throws {
        // Over a real socket, for the client's address. On a saturated test machine a queued
        // password check can outlast the 15 s idle timeout, which then closes the connection under
        // the request: this test is about the address limit, so it gives the connection time.
        let harness = try await APIHarness(.sqlite) {
            $0.signInRateLimitPerMinute = 5
            $0.idleTimeoutSeconds = 300
        }
        try harness.credentials("op.aziz")
        try await harness.run(live: true) { client in
            for n in 1...5 {
                let reply = try await client.call(.post, "auth/login", json: ["username": .string("guess.\(n)"), "password": "guess-password-1"])
                #expect(reply.status == 401)
            }
            let limited = try await client.call(.post, "auth/login", json: ["username": "op.aziz", "password": "test-password-1"])
            #expect(limited.status == 429 && limited.errorCode == "rate_limited", "\(limited.body.canonicalText)")
            #expect(limited.headers[.retryAfter] != nil)
        }
        #expect(try auditActions(harness, like: "auth.sign_in_refused").count == 5, "refused sign-ins of unknown names are audited too")
    }

    @Test func passwordChecksWaitOnAShortQueueOfTheirOwnAndOverflowIsRefused() async throws {
        let pool = SignInPool(threads: 1, capacity: 1)
        let started = Mutex(false), release = Mutex(false)
        let running = Task {
            try await pool.run {
                started.withLock { $0 = true }
                while !release.withLock({ $0 }) { usleep(1000) }
                return 1
            }
        }
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
        // The slow check holds the only place in the queue: the next sign-in is refused at once.
        var refused: FactoryError?
        do { _ = try await pool.run { 2 } } catch let error as FactoryError { refused = error }
        #expect(refused?.code == .rateLimited && refused?.reason == "sign_in_busy" && refused?.details["retry_after_s"] == "1")
        release.withLock { $0 = true }
        #expect(try await running.value == 1)
        #expect(try await pool.run { 3 } == 3, "a place is free again once the check is done")
        try await pool.shutdown()
    }

    @Test(arguments: TestBackends.all)
    func aWrongInspectorPINIsNotAnExpiredSessionAndRepeatedOnesLockTheSeal(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("otk", pin: "3301")
        let floor = harness.floor
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_400, by: try floor.uatUser("op.aziz"))
        try floor.degassed(package)
        try await harness.run { client in
            var otk = try await client.login("otk")
            func decide(_ pin: String) async throws -> Reply {
                try await client.call(.post, "qc/decide", token: otk, json: [
                    "package_id": .string(package.id.text), "decision": "ok", "protocol": ["visual": "ok"], "pin": .string(pin)])
            }
            let wrong = try await decide("9876")
            #expect(wrong.status == 422 && wrong.errorDetail["reason"] == "wrong_pin" && wrong.errorDetail["field"] == "pin")
            #expect(try await client.call(.get, "me", token: otk).status == 200, "the inspector is still signed in")
            for _ in 2...4 { #expect(try await decide("9876").status == 422) }
            let locking = try await decide("9876")
            #expect(locking.status == 429 && locking.errorDetail["reason"] == "pin_locked")
            #expect(try await decide("3301").status == 429, "the seal stays locked for the right PIN too")
            harness.clock.advance(seconds: 901)
            otk = try await client.login("otk")
            #expect(try await decide("3301").status == 201)
        }
        #expect(try auditActions(harness, like: "auth.%") == ["auth.signed_in"] + Array(repeating: "auth.e_seal_refused", count: 5)
            + ["auth.locked", "auth.e_seal_refused", "auth.signed_in"])
        #expect(try floor.factory.count("qc_records") == 1)
    }
}
