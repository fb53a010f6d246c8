/// What an approved snapshot sends to Bitrix24 (M10 PUSH): one line per person, naming them by
/// username and, when the pull has matched them, by Bitrix24 employee id. The payload is the
/// queue item's content, so its hash keys the export: the same approved version is queued once.
public enum BitrixPushPayload {
    public static func payroll(_ db: any SQLConnection, _ snapshot: PayrollSnapshot) throws -> JSONValue {
        let ids = try bitrixIDs(db, snapshot.lines.map(\.username))
        return [
            "entity": "payroll", "snapshot_id": .string(snapshot.id.text), "month": .string(snapshot.month), "version": .int(snapshot.version),
            "net_total": .string(snapshot.netTotal.decimalText),
            "lines": .array(snapshot.lines.map { line in
                ["username": .string(line.username), "full_name": .string(line.fullName), "bitrix_id": JSONValue.from(ids[line.username]),
                 "base_salary": .string(line.base.decimalText), "kpi_bonus": .string(line.kpiBonus.decimalText),
                 "avans": .string(line.advance.decimalText), "penalties": .string(line.penalties.decimalText), "net_pay": .string(line.net.decimalText)]
            }),
        ]
    }

    /// A KPI snapshot per person: their minutes and bonus share summed over the period's shifts.
    public static func kpi(_ db: any SQLConnection, _ snapshot: KPISnapshot, calendar: PlantCalendar) throws -> JSONValue {
        var people: [String: (fullName: String, minutes: Int64, share: Int64)] = [:]
        for share in snapshot.lines.flatMap(\.shares) {
            let sum = people[share.username] ?? (share.fullName, 0, 0)
            people[share.username] = (sum.fullName, sum.minutes + share.minutes, sum.share + share.share.minorUnits)
        }
        let ids = try bitrixIDs(db, Array(people.keys))
        let first = calendar.plantDay(of: snapshot.periodStart)
        let last = calendar.plantDay(of: Timestamp(microsecondsSinceEpoch: snapshot.periodEnd.microsecondsSinceEpoch - 1))
        return [
            "entity": "kpi", "snapshot_id": .string(snapshot.id.text), "first_day": .string(first), "last_day": .string(last),
            "scope": .string(snapshot.scope), "version": .int(snapshot.version), "bonus_total": .string(snapshot.bonusTotal.decimalText),
            "lines": .array(people.keys.sorted().map { username in
                let person = people[username]!
                return ["username": .string(username), "full_name": .string(person.fullName), "bitrix_id": JSONValue.from(ids[username]),
                        "minutes": .int(person.minutes), "kpi_bonus": .string(Money(minorUnits: person.share).decimalText)]
            }),
        ]
    }

    private static func bitrixIDs(_ db: any SQLConnection, _ usernames: [String]) throws -> [String: String] {
        var ids: [String: String] = [:]
        for username in usernames {
            if let id = try db.queryOne("SELECT bitrix_id FROM users WHERE username = ?", username)?.optionalString("bitrix_id") { ids[username] = id }
        }
        return ids
    }
}
