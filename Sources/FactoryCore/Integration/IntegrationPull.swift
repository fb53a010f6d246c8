import Foundation

/// Applies what a Bitrix24 pull brought (M10): employees become users, deals orders, worked
/// days attendance, each remembered in `integration_mapping`. Pulling the same records again
/// changes nothing; a record changed in Bitrix24 changes ours. The caller runs one entity's
/// records in one transaction.
public struct IntegrationPull: Sendable {
    public let audit: AuditLog
    public let calendar: PlantCalendar

    public init(audit: AuditLog, calendar: PlantCalendar) { (self.audit, self.calendar) = (audit, calendar) }

    public struct Outcome: Sendable, Equatable {
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        /// Records left out, each with why.
        public var skipped: [String] = []

        public init() {}

        public var json: JSONValue {
            ["created": .int(Int64(created)), "updated": .int(Int64(updated)), "unchanged": .int(Int64(unchanged)),
             "skipped": .array(skipped.map(JSONValue.string))]
        }
    }

    private let source = AuditSource.service("integration")

    // MARK: Employees

    /// A new employee becomes a user with no password and no PIN (nobody can sign in as them
    /// until someone sets one); a known one gets Bitrix24's name and employment status. A
    /// user's position here is the plant's business, so Bitrix24's only names a new user's.
    public func employees(_ db: any SQLConnection, _ records: [BitrixEmployee]) throws -> Outcome {
        var outcome = Outcome()
        for record in records {
            let meta: JSONValue = ["full_name": .string(record.fullName), "active": .bool(record.active),
                                   "position": .string(record.position), "department": .string(record.department)]
            let status: UserStatus = record.active ? .active : .disabled
            let mapping = try self.mapping(db, .user, record.externalID)
            let userRow: Row? = if let known = mapping?.internalID {
                try db.queryOne("SELECT id, full_name, status FROM users WHERE id = ?", known)
            } else {
                try db.queryOne("SELECT id, full_name, status FROM users WHERE bitrix_id = ?", record.externalID)
            }
            guard let userRow else {
                let userID = try createUser(db, record, status: status)
                try saveMapping(db, mapping?.id, .user, record.externalID, to: userID, meta: meta)
                outcome.created += 1
                continue
            }
            let userID = try userRow.string("id")
            let old: JSONValue = ["full_name": .string(try userRow.string("full_name")), "status": .string(try userRow.string("status"))]
            let new: JSONValue = ["full_name": .string(record.fullName), "status": .string(status.rawValue)]
            if old != new {
                try db.execute("UPDATE users SET full_name = ?, status = ?, bitrix_id = ?, updated_at = ? WHERE id = ?",
                               record.fullName, status, record.externalID, audit.clock.now(), userID)
                try audit.record(db, by: source, action: "user.updated_from_bitrix", object: AuditObject("user", userID), old: old, new: new)
            }
            if old != new || mapping?.meta != meta || mapping?.internalID != userID {
                try saveMapping(db, mapping?.id, .user, record.externalID, to: userID, meta: meta)
                outcome.updated += 1
            } else {
                outcome.unchanged += 1
            }
        }
        return outcome
    }

    private func createUser(_ db: any SQLConnection, _ record: BitrixEmployee, status: UserStatus) throws -> String {
        let position = Self.position(named: record.position)
        let username = "b24-\(record.externalID.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })"
        guard UserService.isValidUsername(username), try db.queryOne("SELECT id FROM users WHERE username = ?", username) == nil else {
            throw FactoryError.conflict("username_taken", "Bitrix24 employee \(record.externalID) would be user \(username), which exists: correct the match by hand",
                                        details: ["external_id": record.externalID])
        }
        let user = User(username: username, fullName: record.fullName.isEmpty ? username : record.fullName, position: position,
                        grade: position == .operator ? .stajor : nil)
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO users (id, username, full_name, position, grade, status, bitrix_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, user.id, user.username, user.fullName, user.position, user.grade, status, record.externalID, now, now)
        try audit.record(db, by: source, action: "user.created", object: AuditObject("user", user.id),
                         new: ["username": .string(user.username), "full_name": .string(user.fullName), "position": .string(position.rawValue),
                               "bitrix_id": .string(record.externalID), "password_set": false, "pin_set": false])
        return user.id.text
    }

    /// Bitrix24's position text as one of ours when it names one (`operator`, `OTK`), else an
    /// operator: the least a new person can do, and nothing until they get a PIN.
    static func position(named text: String) -> Position {
        let word = text.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_")
        return Position(rawValue: word) ?? .operator
    }

    // MARK: Orders

    /// A deal becomes an order whose partiya number is `B24-<deal id>`; its title follows the deal.
    public func orders(_ db: any SQLConnection, _ records: [BitrixOrder]) throws -> Outcome {
        var outcome = Outcome()
        for record in records {
            let meta: JSONValue = ["title": .string(record.title), "stage": .string(record.stage), "amount": .string(record.amount),
                                   "modified_at": .string(record.modifiedAt)]
            let mapping = try self.mapping(db, .order, record.externalID)
            if let order = try db.queryOne("SELECT id, title FROM orders WHERE external_id = ?", record.externalID) {
                let orderID = try order.string("id")
                if order.optionalString("title") != record.title {
                    try db.execute("UPDATE orders SET title = ? WHERE id = ?", record.title, orderID)
                }
                if order.optionalString("title") != record.title || mapping?.meta != meta || mapping?.internalID != orderID {
                    try saveMapping(db, mapping?.id, .order, record.externalID, to: orderID, meta: meta)
                    try audit.record(db, by: source, action: "order.updated_from_bitrix", object: AuditObject("order", orderID),
                                     old: mapping?.meta ?? nil, new: meta)
                    outcome.updated += 1
                } else {
                    outcome.unchanged += 1
                }
                continue
            }
            let orderID = TypedID<BitrixOrder>()
            try db.execute("INSERT INTO orders (id, external_id, partiya_no, title) VALUES (?, ?, ?, ?)",
                           orderID, record.externalID, "B24-\(record.externalID)", record.title)
            try saveMapping(db, mapping?.id, .order, record.externalID, to: orderID.text, meta: meta)
            try audit.record(db, by: source, action: "order.created_from_bitrix", object: AuditObject("order", orderID.text), new: meta)
            outcome.created += 1
        }
        return outcome
    }

    // MARK: Attendance

    /// A worked day becomes the person's attendance in the shift it began in (a clock-in up to an
    /// hour early counts for the coming shift), on the line they ran in that shift, if any.
    /// Hours finance entered by hand for that shift are replaced by Bitrix24's; a day whose
    /// person worked another shift by finance's record is left out and named.
    public func attendance(_ db: any SQLConnection, _ records: [BitrixWorkday]) throws -> Outcome {
        var outcome = Outcome()
        for record in records {
            guard let employee = try mapping(db, .user, record.employeeExternalID), let userID = employee.internalID else {
                outcome.skipped.append("employee \(record.employeeExternalID): not pulled yet, pull employees first")
                continue
            }
            let (day, shift) = Self.shift(of: record.start, calendar: calendar)
            let key = "\(record.employeeExternalID)-\(day)"
            let meta: JSONValue = ["day": .string(day), "shift": .string(shift.rawValue), "minutes": .int(record.minutes)]
            let mapping = try self.mapping(db, .attendance, key)
            if let other = try db.queryOne("SELECT shift FROM attendance WHERE user_id = ? AND day = ? AND shift <> ?", userID, day, shift) {
                outcome.skipped.append("employee \(record.employeeExternalID) \(day): already in the \(try other.string("shift")) shift, Bitrix24 says \(shift.rawValue)")
                continue
            }
            if let row = try db.queryOne("SELECT id, minutes FROM attendance WHERE user_id = ? AND day = ? AND shift = ?", userID, day, shift) {
                let rowID = try row.string("id")
                guard try row.int("minutes") != record.minutes || mapping?.internalID != rowID else { outcome.unchanged += 1; continue }
                try db.execute("UPDATE attendance SET minutes = ?, external_id = ? WHERE id = ?", record.minutes, key, rowID)
                try saveMapping(db, mapping?.id, .attendance, key, to: rowID, meta: meta)
                try audit.record(db, by: source, action: "attendance.recorded", object: AuditObject("user", userID),
                                 old: ["minutes": .int(try row.int("minutes"))], new: meta)
                outcome.updated += 1
                continue
            }
            let workcenter = try db.queryOne("""
                SELECT s.workcenter_id FROM sessions s JOIN session_operators o ON o.session_id = s.id
                WHERE o.user_id = ? AND s.started_at < ? AND (s.ended_at IS NULL OR s.ended_at > ?) ORDER BY s.started_at LIMIT 1
                """, userID, record.start.adding(seconds: record.minutes * 60), record.start)?.optionalString("workcenter_id")
            let rowID = TypedID<BitrixWorkday>()
            try db.execute("""
                INSERT INTO attendance (id, user_id, day, shift, workcenter_id, minutes, external_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, rowID, userID, day, shift, workcenter, record.minutes, key)
            try saveMapping(db, mapping?.id, .attendance, key, to: rowID.text, meta: meta)
            try audit.record(db, by: source, action: "attendance.recorded", object: AuditObject("user", userID), new: meta)
            outcome.created += 1
        }
        return outcome
    }

    /// The plant day and shift a clock-in at `start` belongs to.
    static func shift(of start: Timestamp, calendar: PlantCalendar) -> (day: String, shift: Shift) {
        let moment = start.adding(seconds: 3600)
        let began = calendar.shiftStart(at: moment)
        return (calendar.day(of: began), calendar.shift(at: moment))
    }

    // MARK: Mapping rows

    private struct Mapped {
        let id: String
        let internalID: String?
        let meta: JSONValue?
    }

    private func mapping(_ db: any SQLConnection, _ entity: IntegrationEntity, _ externalID: String) throws -> Mapped? {
        try db.queryOne("""
            SELECT id, internal_id, meta_json FROM integration_mapping WHERE external_system = 'bitrix' AND entity = ? AND external_id = ?
            """, entity, externalID).map { row in
            Mapped(id: try row.string("id"), internalID: row.optionalString("internal_id"), meta: try row.optionalString("meta_json").map(JSONValue.parse))
        }
    }

    private func saveMapping(_ db: any SQLConnection, _ id: String?, _ entity: IntegrationEntity, _ externalID: String,
                             to internalID: String, meta: JSONValue) throws {
        if let id {
            try db.execute("UPDATE integration_mapping SET internal_id = ?, meta_json = ? WHERE id = ?", internalID, meta.canonicalText, id)
        } else {
            try db.execute("""
                INSERT INTO integration_mapping (id, external_system, entity, external_id, internal_id, meta_json) VALUES (?, 'bitrix', ?, ?, ?, ?)
                """, TypedID<IntegrationMapping.Entry>(), entity, externalID, internalID, meta.canonicalText)
        }
    }
}
