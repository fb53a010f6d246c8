import Foundation

/// An instant in UTC with microsecond precision (what PostgreSQL's timestamptz keeps), held as
/// an integer so that a value read back from either database compares equal to what was written.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) { self.microsecondsSinceEpoch = microsecondsSinceEpoch }

    public init(_ date: Date) {
        self.microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microsecondsSinceEpoch < b.microsecondsSinceEpoch }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + seconds * 1_000_000)
    }

    public func seconds(since other: Timestamp) -> Double {
        Double(microsecondsSinceEpoch - other.microsecondsSinceEpoch) / 1_000_000
    }

    /// `2026-11-25T04:00:00.123456Z`: fixed width, so text order is time order in SQLite.
    public var iso8601: String {
        let seconds = microsecondsSinceEpoch.floorDivided(by: 1_000_000)
        let micros = microsecondsSinceEpoch - seconds * 1_000_000
        let c = Timestamp.utcCalendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                      c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, Int(micros))
    }

    public var description: String { iso8601 }

    /// Reads ISO-8601 (`T`/`Z`) and PostgreSQL's text output (`2026-11-25 04:00:00.5+00`).
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for i in from..<(from + length) {
                let b = bytes[i]
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
              let day = number(8, 2), bytes[10] == 84 || bytes[10] == 32,
              let hour = number(11, 2), bytes[13] == 58, let minute = number(14, 2), bytes[16] == 58,
              let second = number(17, 2)
        else { return nil }
        var index = 19
        var micros = 0
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(bytes[index] - 48); digits += 1 }
                index += 1
            }
            while digits < 6 { micros *= 10; digits += 1 }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == 90 { // Z
                index += 1
            } else if sign == 43 || sign == 45 { // + or -
                guard index + 3 <= bytes.count, let h = number(index + 1, 2) else { return nil }
                var m = 0
                var next = index + 3
                if next < bytes.count, bytes[next] == 58 { next += 1 }
                if next + 2 <= bytes.count, let mm = number(next, 2) { m = mm; next += 2 }
                offsetSeconds = (h * 3600 + m * 60) * (sign == 45 ? -1 : 1)
                index = next
            } else { return nil }
        }
        guard index == bytes.count else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        guard let date = Timestamp.utcCalendar.date(from: components) else { return nil }
        let seconds = Int64(date.timeIntervalSince1970) - Int64(offsetSeconds)
        self.microsecondsSinceEpoch = seconds * 1_000_000 + Int64(micros)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Timestamp(parsing: text) else {
            throw FactoryError.validation(field: "timestamp", reason: "bad_timestamp", "'\(text)' is not an ISO-8601 UTC time")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
