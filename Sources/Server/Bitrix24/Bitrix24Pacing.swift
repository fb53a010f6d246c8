/// The portal's request budget, kept on the client's side (research note §4): a leaky bucket of
/// `burst` requests draining `perSecond`; a request that would overflow it waits. The cloud
/// default is 50 and 2/s, Enterprise 250 and 5/s.
public struct LeakyBucket: Sendable, Equatable {
    public let burst: Double
    public let perSecond: Double
    public private(set) var level = 0.0
    public private(set) var at = 0.0

    public init(burst: Double = 50, perSecond: Double = 2) { (self.burst, self.perSecond) = (burst, perSecond) }

    /// Takes one request at `now` (seconds): how long it must wait first, 0 when there is room.
    public mutating func take(now: Double) -> Double {
        level = max(0, level - (now - at) * perSecond)
        at = now
        let wait = level + 1 > burst ? (level + 1 - burst) / perSecond : 0
        level += 1
        return wait
    }
}

/// The back-off after the n-th failure in a row (from 1): 1 s doubling to at most 30 s, the
/// jitter (a fraction from −0.1 to 0.1) spreading clients that failed together.
public func bitrix24BackOff(failures: Int, jitter: Double) -> Double {
    min(30, Double(1 << min(max(failures - 1, 0), 5))) * (1 + jitter)
}

/// One bucket per portal, shared by every call of this server.
actor Bitrix24Pacer {
    private var bucket: LeakyBucket
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init(burst: Double, perSecond: Double) {
        bucket = LeakyBucket(burst: burst, perSecond: perSecond)
        start = clock.now
    }

    func admit() async throws {
        let elapsed = start.duration(to: clock.now)
        let wait = bucket.take(now: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
    }
}
