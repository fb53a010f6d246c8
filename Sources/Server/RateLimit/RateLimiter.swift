import FactoryCore
import Foundation
import Synchronization

/// A token bucket per caller (spec §7: 120/min per user, 600/min per device): a burst of a
/// minute's allowance, refilled continuously. Answers how long to wait when empty.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Timestamp
    }

    let perMinute: Int
    let clock: any WallClock
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(perMinute: Int, clock: any WallClock) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// Takes one token for `key`, or throws `rate_limited` with the seconds to wait.
    public func take(_ key: String) throws {
        let now = clock.now()
        let rate = Double(perMinute) / 60
        let wait: Int? = buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: Double(perMinute), updated: now)
            bucket.tokens = min(Double(perMinute), bucket.tokens + max(0, now.seconds(since: bucket.updated)) * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return Int(((1 - bucket.tokens) / rate).rounded(.up)) }
            bucket.tokens -= 1
            return nil
        }
        if let wait {
            throw FactoryError(.rateLimited, reason: "rate_limited", "too many requests: try again in \(wait) s",
                               details: ["retry_after_s": String(max(1, wait))])
        }
    }
}
