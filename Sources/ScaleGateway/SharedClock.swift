import Synchronization

/// The gateway's one clock, shared by the reader (which stamps readings) and the sender (which
/// signs requests and learns the server's time from its answers). Stamping a reading and
/// storing it, and correcting the clock and the readings it stamped, happen under one lock: no
/// reading is stamped by the old clock and stored after the correction.
public final class SharedClock: Sendable {
    private let clock = Mutex(GatewayClock())
    private let wall: @Sendable () -> Int64
    public let monotonic: @Sendable () -> Int64
    private let stepped: @Sendable (Int64) -> Void

    /// `wall` and `monotonic` in milliseconds (Unix time; any origin); `stepped` hears of every
    /// step of the wall clock, for the log.
    public init(wall: @escaping @Sendable () -> Int64, monotonic: @escaping @Sendable () -> Int64,
                stepped: @escaping @Sendable (Int64) -> Void = { _ in }) {
        (self.wall, self.monotonic, self.stepped) = (wall, monotonic, stepped)
    }

    /// Unix milliseconds, the server's time as far as known.
    public func now() -> Int64 { stamp { $0 } }

    /// Stamps with the time now and stores, under the clock's lock.
    public func stamp<T>(_ store: (Int64) throws -> T) rethrows -> T {
        let (wall, monotonic) = (wall(), monotonic())
        let (result, jump): (T, Int64?) = try clock.withLock { clock in
            let (time, jump) = clock.now(wall: wall, monotonic: monotonic)
            return (try store(time), jump)
        }
        if let jump { stepped(jump) }
        return result
    }

    /// Takes the server's time from an answer's `Date`; when this clock was off, corrects it and,
    /// under the same lock, has `restamp` move what it stamped by the correction, which it returns.
    public func learn(fromDate header: String?, restamp: (Int64) throws -> Void) throws -> Int64? {
        guard let header, let server = GatewayClock.httpDate(header) else { return nil }
        let (wall, monotonic) = (wall(), monotonic())
        return try clock.withLock { clock in
            guard let correction = clock.learn(server: server, wall: wall, monotonic: monotonic) else { return nil }
            try restamp(correction)
            return correction
        }
    }
}
