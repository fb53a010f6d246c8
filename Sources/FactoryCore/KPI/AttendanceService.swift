/// Hours worked per person, plant day and shift on a line: what splits a shift's bonus. The
/// Bitrix24 pull fills it; until then finance records it by CSV or API. One person works one
/// shift a day: a second shift the same day is refused, not silently split.
public struct AttendanceService: Sendable {
    public let audit: AuditLog
    public let calendar: PlantCalendar
    public let users: UserService

    public init(audit: AuditLog, calendar: PlantCalendar, users: UserService) {
        (self.audit, self.calendar, self.users) = (audit, calendar, users)
    }

    public struct Entry: Sendable, Equatable {
        public let username: String
        public let day: String
        public let shift: Shift
        public let workcenter: String
        public let minutes: Int64

        public init(username: String, day: String, shift: Shift, workcenter: String, minutes: Int64) {
            (self.username, self.day, self.shift, self.workcenter, self.minutes) = (username, day, shift, workcenter, minutes)
        }
    }

    /// Records or corrects one person's shift; the same person, day and shift again replaces it.
    public func record(_ db: any SQLConnection, by actor: Actor, _ entry: Entry) throws {
        try PermissionMatrix.require(actor.position, oneOf: [.payrollGenerate, .integrationManage])
        guard calendar.shiftStart(day: entry.day, shift: entry.shift) != nil else {
            throw FactoryError.validation(field: "day", reason: "bad_date", "'\(entry.day)' is not a date: write it as 2026-12-01")
        }
        guard (0...(24 * 60)).contains(entry.minutes) else {
            throw FactoryError.validation(field: "hours", reason: "out_of_range", "a shift's hours are from 0 to 24")
        }
        let userID = try users.find(db, username: entry.username).id
        let workcenter = try WorkcenterKey.resolve(db, entry.workcenter)
        if let other = try db.queryOne("SELECT shift FROM attendance WHERE user_id = ? AND day = ? AND shift <> ?", userID, entry.day, entry.shift) {
            throw FactoryError.conflict("two_crews_same_day", "\(entry.username) already worked the \(try other.string("shift")) shift of \(entry.day): one person works one shift a day, so correct that record instead",
                                        details: ["username": entry.username, "day": entry.day])
        }
        try db.execute("""
            INSERT INTO attendance (id, user_id, day, shift, workcenter_id, minutes) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id, day, shift) DO UPDATE SET workcenter_id = excluded.workcenter_id, minutes = excluded.minutes
            """, TypedID<Entry>(), userID, entry.day, entry.shift, workcenter.id, entry.minutes)
        try audit.record(db, by: .user(actor), action: "attendance.recorded", object: AuditObject("user", userID),
                         new: ["day": .string(entry.day), "shift": .string(entry.shift.rawValue), "workcenter": .string(workcenter.code),
                               "minutes": .int(entry.minutes)])
    }
}
