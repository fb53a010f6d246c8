/// The time a gateway stamps on readings and signs its requests with. A small box's wall clock
/// is the weakest thing about it: a Raspberry Pi has no battery-backed clock and starts in the
/// past until NTP steps it, and a step may come at any hour. So the gateway keeps the server's
/// time: it learns the offset from every answer's `Date`, and between answers it follows the
/// monotonic clock, so a step of the wall clock changes nothing it stamps or signs.
public struct GatewayClock: Sendable {
    /// Server time minus wall time, milliseconds.
    public private(set) var offset: Int64 = 0
    private var anchor: (wall: Int64, monotonic: Int64)?
    /// Differences below this are noise: `Date` has whole seconds, and answers take time.
    public let tolerance: Int64

    public init(tolerance: Int64 = 2_000) { self.tolerance = tolerance }

    /// The time now (Unix milliseconds, the server's as far as known), from the wall clock and a
    /// monotonic clock in milliseconds; `jump` is the wall clock's step since the last call, when
    /// it stepped by more than the tolerance.
    public mutating func now(wall: Int64, monotonic: Int64) -> (time: Int64, jump: Int64?) {
        var jump: Int64?
        if let anchor {
            let step = wall - (anchor.wall + monotonic - anchor.monotonic)
            if abs(step) > tolerance {
                offset -= step
                jump = step
            }
        }
        anchor = (wall, monotonic)
        return (wall + offset, jump)
    }

    /// Takes the server's time from an answer (Unix milliseconds); returns the correction made
    /// when this clock was further off than the tolerance.
    @discardableResult
    public mutating func learn(server: Int64, wall: Int64, monotonic: Int64) -> Int64? {
        let ours = now(wall: wall, monotonic: monotonic).time
        let off = server - ours
        guard abs(off) > tolerance else { return nil }
        offset += off
        return off
    }

    /// An HTTP `Date` (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) as Unix milliseconds.
    public static func httpDate(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int64(parts[1]), let year = Int64(parts[3]),
              let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].firstIndex(of: String(parts[2])) else {
            return nil
        }
        let clock = parts[4].split(separator: ":").compactMap { Int64($0) }
        guard clock.count == 3, (1...31).contains(day), (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2]) else {
            return nil
        }
        // Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
        let (m, y) = (Int64(month) + 1, month < 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return ((days * 24 + clock[0]) * 60 + clock[1]) * 60_000 + clock[2] * 1000
    }
}
