import Foundation

/// Every attempt at a password or a PIN — an API sign-in, a kiosk sign-in, the inspector's PIN
/// before an e-seal — is checked here, audited, and a run of wrong ones locks that credential
/// of that account for a while (`Lockout`). The hash check is slow on purpose and runs on a
/// read (`check`); what it found is written after, in a change of its own (`record`), so a
/// refusal is kept even though the request fails.
public struct CredentialAttempts: Sendable {
    public let audit: AuditLog
    public let hasher: CredentialHasher
    public let policy: Lockout.Policy

    public init(audit: AuditLog, hasher: CredentialHasher, policy: Lockout.Policy = Lockout.standard) {
        self.audit = audit
        self.hasher = hasher
        self.policy = policy
    }

    public enum Kind: String, Sendable {
        case password, pin
    }

    /// What the attempt was for: the refusal differs (a wrong e-seal PIN is not a sign-in).
    public enum Purpose: String, Sendable {
        case signIn = "sign_in"
        case eSeal = "e_seal"
    }

    public struct Attempt: Sendable, Equatable {
        public var username: String
        public var kind: Kind
        public var purpose: Purpose
        /// `api`, or the kiosk's role (`kiosk:fg`), for the audit row.
        public var channel: String
        /// The client's address, when there is one.
        public var address: String?

        public init(username: String, kind: Kind, purpose: Purpose = .signIn, channel: String, address: String? = nil) {
            self.username = username
            self.kind = kind
            self.purpose = purpose
            self.channel = channel
            self.address = address
        }
    }

    public enum Verdict: Sendable, Equatable {
        case accepted(User)
        /// Wrong secret, unknown username (user nil), no credential set, or a disabled account.
        case refused(User?, reason: String)
        case locked(User, until: Timestamp)
    }

    /// The attempt and what the check found, to be recorded.
    public struct Checked: Sendable, Equatable {
        public let attempt: Attempt
        public let verdict: Verdict

        public var user: User? {
            switch verdict {
            case .accepted(let user), .locked(let user, _): user
            case .refused(let user, _): user
            }
        }
    }

    /// Checks the secret on a read. A locked credential is not hashed at all; an unknown
    /// username costs a hash all the same, so the time does not tell which names exist.
    public func check(_ db: any SQLConnection, _ attempt: Attempt, secret: String) throws -> Checked {
        guard let row = try db.queryOne("SELECT * FROM users WHERE username = ?", attempt.username) else {
            _ = hasher.verify(secret, against: Self.decoyHash)
            return Checked(attempt: attempt, verdict: .refused(nil, reason: "unknown_user"))
        }
        let user = try User(row: row)
        if let until = Lockout.lockedUntil(try state(db, user: user.id, kind: attempt.kind), at: audit.clock.now()) {
            return Checked(attempt: attempt, verdict: .locked(user, until: until))
        }
        guard let hash = row.optionalString(attempt.kind == .password ? "password_hash" : "pin_hash") else {
            _ = hasher.verify(secret, against: Self.decoyHash)
            return Checked(attempt: attempt, verdict: .refused(user, reason: "no_credential"))
        }
        guard hasher.verify(secret, against: hash) else {
            return Checked(attempt: attempt, verdict: .refused(user, reason: "wrong_secret"))
        }
        guard user.status == .active else {
            return Checked(attempt: attempt, verdict: .refused(user, reason: "user_disabled"))
        }
        return Checked(attempt: attempt, verdict: .accepted(user))
    }

    /// Writes what a check found — the audit row, the run of wrong attempts, the lock — and
    /// answers the error to throw once this change has committed (nil when accepted).
    public func record(_ db: any SQLConnection, _ checked: Checked) throws -> FactoryError? {
        let attempt = checked.attempt
        let now = audit.clock.now()
        var facts: [String: JSONValue] = ["username": .string(attempt.username), "credential": .string(attempt.kind.rawValue),
                                          "channel": .string(attempt.channel), "address": JSONValue.from(attempt.address)]
        let object = AuditObject("user", checked.user?.id.text)
        let source: AuditSource = checked.user.map { .user(Actor($0)) } ?? .anonymous
        switch checked.verdict {
        case .accepted(let user):
            try db.execute("DELETE FROM credential_lockouts WHERE user_id = ? AND kind = ?", user.id, attempt.kind.rawValue)
            // A decision's own audit row records its sealing; a sign-in is recorded here.
            if attempt.purpose == .signIn {
                try audit.record(db, by: source, action: "auth.signed_in", object: object, new: .object(facts))
            }
            return nil
        case .locked(_, let until):
            facts["locked_until"] = .string(until.description)
            try audit.record(db, by: source, action: "auth.\(attempt.purpose.rawValue)_refused", object: object,
                             new: .object(facts.merging(["reason": "locked"]) { $1 }))
            return lockedError(attempt, until: until, now: now)
        case .refused(let user, let reason):
            facts["reason"] = .string(reason)
            var locked: Timestamp?
            if let user, reason == "wrong_secret" || reason == "no_credential" {
                let next = Lockout.afterFailure(try state(db, user: user.id, kind: attempt.kind), at: now, policy: policy)
                try db.execute("""
                    INSERT INTO credential_lockouts (user_id, kind, failures, last_failed_at, locked_until) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_id, kind) DO UPDATE SET failures = excluded.failures, last_failed_at = excluded.last_failed_at,
                                                              locked_until = excluded.locked_until
                    """, user.id, attempt.kind.rawValue, Int64(next.failures), now, next.lockedUntil)
                facts["failures"] = .int(Int64(next.failures))
                locked = next.lockedUntil
            }
            try audit.record(db, by: source, action: "auth.\(attempt.purpose.rawValue)_refused", object: object, new: .object(facts))
            if let locked {
                facts["locked_until"] = .string(locked.description)
                try audit.record(db, by: source, action: "auth.locked", object: object, new: .object(facts))
                return lockedError(attempt, until: locked, now: now)
            }
            return refusedError(attempt, reason: reason)
        }
    }

    private func state(_ db: any SQLConnection, user: User.ID, kind: Kind) throws -> Lockout.State {
        guard let row = try db.queryOne("SELECT failures, last_failed_at, locked_until FROM credential_lockouts WHERE user_id = ? AND kind = ?",
                                        user, kind.rawValue) else { return Lockout.State() }
        return Lockout.State(failures: Int(try row.int("failures")), lastFailedAt: try row.timestamp("last_failed_at"),
                             lockedUntil: try row.optionalTimestamp("locked_until"))
    }

    private func refusedError(_ attempt: Attempt, reason: String) -> FactoryError {
        switch (attempt.purpose, reason) {
        case (.signIn, "user_disabled"):
            FactoryError(.forbidden, reason: "user_disabled", "this account is disabled")
        case (.signIn, _):
            FactoryError(.unauthorized, reason: "bad_credentials",
                         attempt.kind == .password ? "wrong username or password" : "wrong username or PIN")
        case (.eSeal, _):
            // Not 401: the inspector's session is fine, only the PIN typed for this seal is wrong.
            FactoryError.validation(field: "pin", reason: "wrong_pin", "wrong PIN: the e-seal needs the inspector's own PIN")
        }
    }

    private func lockedError(_ attempt: Attempt, until: Timestamp, now: Timestamp) -> FactoryError {
        let seconds = max(1, Int64(until.seconds(since: now).rounded(.up)))
        let what = attempt.purpose == .eSeal ? "the e-seal PIN" : (attempt.kind == .password ? "sign-in" : "PIN sign-in")
        return FactoryError(.rateLimited, reason: attempt.purpose == .eSeal ? "pin_locked" : "sign_in_locked",
                            "too many wrong attempts: \(what) of \(attempt.username) is locked for \((seconds + 59) / 60) min; the integrator can tell who tried",
                            details: ["retry_after_s": String(seconds), "locked_until": until.description])
    }

    /// A hash of nothing anyone knows, verified against when there is no hash to check.
    private static let decoyHash = CredentialHasher.production.hash(UUID().uuidString)
}
