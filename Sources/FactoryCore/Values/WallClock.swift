import Foundation

/// Where "now" comes from. Services take a clock so tests decide what time it is.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

/// The machine's clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Timestamp { Timestamp(Date()) }
}

/// A clock that stands still until a test moves it.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ start: Timestamp) { current = start }

    public func now() -> Timestamp { lock.withLock { current } }

    public func advance(seconds: Int64) { lock.withLock { current = current.adding(seconds: seconds) } }
    public func advance(milliseconds: Int64) {
        lock.withLock { current = Timestamp(microsecondsSinceEpoch: current.microsecondsSinceEpoch + milliseconds * 1000) }
    }

    public func set(_ time: Timestamp) { lock.withLock { current = time } }
}
