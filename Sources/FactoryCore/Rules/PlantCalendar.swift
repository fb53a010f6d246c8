import Foundation

/// Plant time (DECISIONS A: Asia/Tashkent): the day a QR number belongs to and the shift a
/// moment falls in. Storage stays UTC; only these answers are local.
public struct PlantCalendar: Sendable {
    public let timeZone: TimeZone
    /// Hour the day shift starts (08:00) and the night shift starts (20:00), plant time.
    public let dayShiftStartHour: Int
    public let nightShiftStartHour: Int

    public init(timeZone: TimeZone, dayShiftStartHour: Int = 8, nightShiftStartHour: Int = 20) {
        self.timeZone = timeZone
        self.dayShiftStartHour = dayShiftStartHour
        self.nightShiftStartHour = nightShiftStartHour
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// `2026-11-25`: the plant-time date of a moment.
    public func day(of time: Timestamp) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: time.date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    public func shift(at time: Timestamp) -> Shift {
        let hour = calendar.component(.hour, from: time.date)
        return (dayShiftStartHour..<nightShiftStartHour).contains(hour) ? .day : .night
    }

    /// `2026-11-25/night`: the shift a count belongs to. A night shift runs past midnight, so
    /// its day is the day it started: the plant day of the moment, less the day shift's start.
    public func shiftKey(_ shift: Shift, at time: Timestamp) -> String {
        "\(day(of: time.adding(seconds: -Int64(dayShiftStartHour) * 3600)))/\(shift.rawValue)"
    }
}
