import Foundation

/// Plant time (DECISIONS A: Asia/Tashkent): the day a QR number belongs to and the shift a
/// moment falls in. Storage stays UTC; only these answers are local.
public struct PlantCalendar: Sendable {
    public let timeZone: TimeZone
    /// Minute of the plant day the day shift starts (`SHIFT_DAY_START`, 08:00) and the night
    /// shift starts (`SHIFT_NIGHT_START`, 20:00).
    public let dayShiftStart: Int
    public let nightShiftStart: Int

    public init(timeZone: TimeZone, dayShiftStart: Int = 8 * 60, nightShiftStart: Int = 20 * 60) {
        self.timeZone = timeZone
        self.dayShiftStart = dayShiftStart
        self.nightShiftStart = nightShiftStart
    }

    /// Seconds since 1970-01-01 00:00 plant time. Only the zone's offset at that moment is
    /// asked of Foundation; the date itself is integer arithmetic, because every package's QR
    /// number asks for its day.
    private func localSeconds(_ time: Timestamp) -> Int64 {
        time.microsecondsSinceEpoch.floorDivided(by: 1_000_000) + Int64(timeZone.secondsFromGMT(for: time.date))
    }

    /// `2026-11-25`: the plant-time date of a moment.
    public func day(of time: Timestamp) -> String {
        let (year, month, day) = CivilDate.fromDays(localSeconds(time).floorDivided(by: 86_400))
        return "\(Self.padded(year, 4))-\(Self.padded(Int64(month), 2))-\(Self.padded(Int64(day), 2))"
    }

    /// `2026-11-25 08:14`: date and clock of a moment with one look at the zone, for a report's
    /// million rows.
    public func moment(of time: Timestamp) -> String {
        let seconds = localSeconds(time)
        let days = seconds.floorDivided(by: 86_400)
        let (year, month, day) = CivilDate.fromDays(days)
        let ofDay = seconds - days * 86_400
        return "\(Self.padded(year, 4))-\(Self.padded(Int64(month), 2))-\(Self.padded(Int64(day), 2)) \(Self.padded(ofDay / 3600, 2)):\(Self.padded(ofDay % 3600 / 60, 2))"
    }

    /// `08:14`: the plant-time hour and minute of a moment.
    public func clockTime(of time: Timestamp) -> String {
        let seconds = localSeconds(time)
        let ofDay = seconds - seconds.floorDivided(by: 86_400) * 86_400
        return "\(Self.padded(ofDay / 3600, 2)):\(Self.padded(ofDay % 3600 / 60, 2))"
    }

    private static func padded(_ n: Int64, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    public func shift(at time: Timestamp) -> Shift {
        let seconds = localSeconds(time)
        let minute = Int((seconds - seconds.floorDivided(by: 86_400) * 86_400) / 60)
        return (dayShiftStart..<nightShiftStart).contains(minute) ? .day : .night
    }

    /// When the shift under way began: today's day-shift start, today's night-shift start, or,
    /// after midnight, yesterday's night-shift start.
    public func shiftStart(at time: Timestamp) -> Timestamp {
        let local = localSeconds(time)
        let midnight = local.floorDivided(by: 86_400) * 86_400
        let minute = Int((local - midnight) / 60)
        let startMinute: Int64 = switch shift(at: time) {
        case .day: Int64(dayShiftStart)
        case .night: minute >= nightShiftStart ? Int64(nightShiftStart) : Int64(nightShiftStart) - 24 * 60
        }
        let offset = Int64(timeZone.secondsFromGMT(for: time.date))
        return Timestamp(microsecondsSinceEpoch: (midnight + startMinute * 60 - offset) * 1_000_000)
    }

    /// When a shift of a plant day (`2026-11-25`) begins; nil for a date that is not one.
    /// A night shift belongs to the day it starts on.
    public func shiftStart(day: String, shift: Shift) -> Timestamp? {
        let fields = day.split(separator: "-")
        guard day.count == 10, fields.count == 3, let year = Int64(fields[0]), let month = Int(fields[1]), let date = Int(fields[2]),
              (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: Int(year))).contains(date) else { return nil }
        let minute = Int64(shift == .day ? dayShiftStart : nightShiftStart)
        let local = CivilDate.days(year: year, month: month, day: date) * 86_400 + minute * 60
        // The zone's offset near that moment; Tashkent keeps one offset all year.
        let offset = Int64(timeZone.secondsFromGMT(for: Timestamp(microsecondsSinceEpoch: local * 1_000_000).date))
        return Timestamp(microsecondsSinceEpoch: (local - offset) * 1_000_000)
    }

    /// `2026-11-25/night`: the shift a count belongs to. A night shift runs past midnight, so
    /// its day is the day it started.
    public func shiftKey(_ shift: Shift, at time: Timestamp) -> String {
        "\(plantDay(of: time))/\(shift.rawValue)"
    }

    /// The plant day a moment belongs to: from one day shift's start to the next, so the night
    /// shift's hours after midnight belong to the day it started.
    public func plantDay(of time: Timestamp) -> String {
        day(of: time.adding(seconds: -Int64(dayShiftStart) * 60))
    }

    /// A month (`2026-11`) as a period: from its first plant day's day shift to the next
    /// month's. Nil for text that is not a month.
    public func month(_ month: String) -> (start: Timestamp, end: Timestamp)? {
        guard let next = Self.month(month, adding: 1), let start = shiftStart(day: "\(month)-01", shift: .day),
              let end = shiftStart(day: "\(next)-01", shift: .day) else { return nil }
        return (start, end)
    }

    /// `2026-11` moved by whole months (`2026-12`, `2025-11` for −12); nil for text that is not
    /// a month.
    public static func month(_ month: String, adding months: Int) -> String? {
        let parts = month.split(separator: "-")
        guard month.count == 7, parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...12).contains(number) else { return nil }
        let index = year * 12 + (number - 1) + months
        return String(format: "%04d-%02d", index / 12, index % 12 + 1)
    }

    /// `2026-11-30` moved by whole days (`2026-12-01` for +1); nil for text that is not a date.
    public static func day(_ day: String, adding days: Int) -> String? {
        let parts = day.split(separator: "-")
        guard day.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let number = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: number)),
              calendar.component(.day, from: date) == number, let moved = calendar.date(byAdding: .day, value: days, to: date) else { return nil }
        let fields = calendar.dateComponents([.year, .month, .day], from: moved)
        return String(format: "%04d-%02d-%02d", fields.year!, fields.month!, fields.day!)
    }

    /// The plant days `first` to `last`, both included, as a period: from the first one's day
    /// shift to the day shift after the last. Nil for a date that is not one.
    public func period(first: String, last: String) -> (start: Timestamp, end: Timestamp)? {
        guard let start = shiftStart(day: first, shift: .day), let lastStart = shiftStart(day: last, shift: .day) else { return nil }
        return (start, lastStart.adding(seconds: 86_400))
    }
}
