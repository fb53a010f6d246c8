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
        let micros = Int(microsecondsSinceEpoch - seconds * 1_000_000)
        let days = seconds.floorDivided(by: 86_400)
        let (year, month, day) = CivilDate.fromDays(days)
        let clock = Int(seconds - days * 86_400)
        // Written digit by digit: this runs for every timestamp bound to every statement.
        var bytes = [UInt8](repeating: 0, count: 27)
        func put(_ value: Int, at offset: Int, width: Int) {
            var v = value
            for i in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[i] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(Int(year), at: 0, width: 4); bytes[4] = 45
        put(month, at: 5, width: 2); bytes[7] = 45
        put(day, at: 8, width: 2); bytes[10] = 84
        put(clock / 3600, at: 11, width: 2); bytes[13] = 58
        put(clock / 60 % 60, at: 14, width: 2); bytes[16] = 58
        put(clock % 60, at: 17, width: 2); bytes[19] = 46
        put(micros, at: 20, width: 6); bytes[26] = 90
        return String(decoding: bytes, as: UTF8.self)
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
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = CivilDate.days(year: Int64(year), month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        self.microsecondsSinceEpoch = seconds * 1_000_000 + Int64(micros)
    }

    /// The one form a client sends a time in (RFC 3339, as the README documents):
    /// `2026-11-25T06:00:00Z`, `2026-11-25T06:00:00.125Z`, `2026-11-25T11:00:00+05:00`. The year is
    /// 2000–2099 and an offset at most ±14:00, so a gateway whose clock was never set, or a
    /// hostile client, cannot date a reading in the year 9999 or at an offset of 99 hours.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= b.count && b[range].allSatisfy { (48...57).contains($0) } }
        func byte(_ i: Int, _ c: Character) -> Bool { i < b.count && b[i] == c.asciiValue }
        guard b.count >= 20, digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10), byte(10, "T"),
              digits(11..<13), byte(13, ":"), digits(14..<16), byte(16, ":"), digits(17..<19),
              b[0] == 50, b[1] == 48 // 20xx
        else { return nil }
        var i = 19
        if byte(i, ".") {
            var fraction = 0
            i += 1
            while digits(i..<(i + 1)) { i += 1; fraction += 1 }
            guard (1...9).contains(fraction) else { return nil }
        }
        if byte(i, "Z") {
            i += 1
        } else {
            guard byte(i, "+") || byte(i, "-"), digits((i + 1)..<(i + 3)), byte(i + 3, ":"), digits((i + 4)..<(i + 6)) else { return nil }
            let hours = Int(b[i + 1] - 48) * 10 + Int(b[i + 2] - 48), minutes = Int(b[i + 4] - 48) * 10 + Int(b[i + 5] - 48)
            guard hours * 60 + minutes <= 14 * 60, minutes < 60 else { return nil }
            i += 6
        }
        guard i == b.count, let parsed = Timestamp(parsing: text) else { return nil }
        self = parsed
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
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}

/// Proleptic Gregorian dates from and to days since 1970-01-01, in integers (H. Hinnant's
/// algorithms): no calendar object, no rounding, and impossible dates are refused upstream.
enum CivilDate {
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func fromDays(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
