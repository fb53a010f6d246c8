/// How guessing a password or a PIN is slowed (OWASP ASVS 2.2.1): a run of wrong attempts on
/// one account locks that kind of credential for a while. A right attempt ends the run; a run
/// whose last wrong attempt is older than the lock starts again, so a forgotten PIN on Monday
/// is not held against Tuesday.
public enum Lockout {
    public struct Policy: Sendable, Equatable {
        /// Wrong attempts in a row that lock.
        public let failures: Int
        public let lockSeconds: Int64

        public init(failures: Int, lockSeconds: Int64) {
            self.failures = failures
            self.lockSeconds = lockSeconds
        }
    }

    /// Sign-in with a password (API) or a kiosk PIN, and the inspector's PIN before an e-seal.
    public static let standard = Policy(failures: 5, lockSeconds: 15 * 60)

    public struct State: Sendable, Equatable {
        public var failures: Int
        public var lastFailedAt: Timestamp?
        public var lockedUntil: Timestamp?

        public init(failures: Int = 0, lastFailedAt: Timestamp? = nil, lockedUntil: Timestamp? = nil) {
            self.failures = failures
            self.lastFailedAt = lastFailedAt
            self.lockedUntil = lockedUntil
        }
    }

    /// Until when the credential is locked, or nil when it may be tried.
    public static func lockedUntil(_ state: State, at now: Timestamp) -> Timestamp? {
        guard let until = state.lockedUntil, now < until else { return nil }
        return until
    }

    /// The state after one more wrong attempt at `now`.
    public static func afterFailure(_ state: State, at now: Timestamp, policy: Policy = standard) -> State {
        let stale = state.lastFailedAt.map { now.seconds(since: $0) > Double(policy.lockSeconds) } ?? true
        let expired = state.lockedUntil.map { $0 <= now } ?? false
        let failures = (stale || expired ? 0 : state.failures) + 1
        return State(failures: failures, lastFailedAt: now,
                     lockedUntil: failures >= policy.failures ? now.adding(seconds: policy.lockSeconds) : nil)
    }
}
