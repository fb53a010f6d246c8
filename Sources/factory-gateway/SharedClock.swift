import Foundation
import ScaleGateway
import Synchronization

/// The gateway's one clock, shared by the reader (which stamps readings) and the sender (which
/// signs requests and learns the server's time from its answers).
final class SharedClock: Sendable {
    private let clock = Mutex(GatewayClock())
    private let started = ContinuousClock.now

    private func readings() -> (wall: Int64, monotonic: Int64) {
        let elapsed = ContinuousClock.now - started
        let monotonic = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return (Int64(Date().timeIntervalSince1970 * 1000), monotonic)
    }

    /// Unix milliseconds, the server's time as far as known, and the wall clock's step if it
    /// just stepped.
    func now() -> (time: Int64, jump: Int64?) {
        let (wall, monotonic) = readings()
        return clock.withLock { $0.now(wall: wall, monotonic: monotonic) }
    }

    /// Milliseconds on the monotonic clock since the gateway started.
    func monotonic() -> Int64 { readings().monotonic }

    /// The correction made when the server's `Date` says this clock is off.
    func learn(fromDate header: String?) -> Int64? {
        guard let header, let server = GatewayClock.httpDate(header) else { return nil }
        let (wall, monotonic) = readings()
        return clock.withLock { $0.learn(server: server, wall: wall, monotonic: monotonic) }
    }
}
