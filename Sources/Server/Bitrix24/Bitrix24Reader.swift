import FactoryCore
import Foundation

/// Reads what a pull needs from the portal (research note §5) into plain records: employees
/// with their departments' names, deals changed since a moment, and each matched employee's
/// worked days of the months asked for.
public struct Bitrix24Reader: Sendable {
    public let client: Bitrix24Client

    public init(client: Bitrix24Client) { self.client = client }

    /// Everyone, fired people included (they are disabled here): `user.get` has no usable
    /// watermark, so employees and departments are read whole and the pull keeps what changed.
    public func employees() async throws -> [BitrixEmployee] {
        var departments: [String: String] = [:]
        for row in try await client.all("department.get", parameters: { last in
            ["filter": [">ID": .int(last)], "sort": "ID", "order": "ASC", "start": -1]
        }) {
            if let id = Bitrix24Client.id(row) { departments[String(id)] = row.objectFields["NAME"]?.stringValue ?? "" }
        }
        return try await client.all("user.get", parameters: { last in
            ["FILTER": ["USER_TYPE": "employee", ">ID": .int(last)], "sort": "ID", "order": "ASC", "start": -1,
             "select": ["ID", "ACTIVE", "NAME", "LAST_NAME", "WORK_POSITION", "UF_DEPARTMENT"]]
        }).compactMap { row in
            let fields = row.objectFields
            guard let id = Bitrix24Client.id(row) else { return nil }
            let name = [fields["NAME"]?.stringValue, fields["LAST_NAME"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            let departmentNames = (fields["UF_DEPARTMENT"]?.arrayItems ?? []).compactMap { item -> String? in
                let key = item.stringValue ?? item.canonicalText
                return departments[key] ?? key
            }
            return BitrixEmployee(externalID: String(id), fullName: name, active: Self.yes(fields["ACTIVE"]),
                                  position: fields["WORK_POSITION"]?.stringValue ?? "", department: departmentNames.joined(separator: ", "))
        }
    }

    /// Deals by ID, those modified at or after `since` when given (`>=DATE_MODIFY`, ISO with offset).
    public func orders(since: Timestamp?) async throws -> [BitrixOrder] {
        try await client.all("crm.deal.list", parameters: { last in
            var filter: [String: JSONValue] = [">ID": .int(last)]
            if let since { filter[">=DATE_MODIFY"] = .string(since.iso8601) }
            return ["filter": .object(filter), "order": ["ID": "ASC"], "start": -1,
                    "select": ["ID", "TITLE", "STAGE_ID", "OPPORTUNITY", "CURRENCY_ID", "DATE_MODIFY"]]
        }).compactMap { row in
            let fields = row.objectFields
            guard let id = Bitrix24Client.id(row) else { return nil }
            return BitrixOrder(externalID: String(id), title: fields["TITLE"]?.stringValue ?? "", stage: fields["STAGE_ID"]?.stringValue ?? "",
                               amount: fields["OPPORTUNITY"]?.stringValue ?? "", modifiedAt: fields["DATE_MODIFY"]?.stringValue ?? "")
        }
    }

    /// The worked days of `employees` (Bitrix24 ids) in `months` (`2026-11`), through
    /// `timeman.timecontrol.reports.get` (one person and month per command, 50 commands per batch).
    /// A day whose start the portal wrote in a form we cannot read is named in `unreadable`.
    public func workdays(employees: [String], months: [String]) async throws -> (days: [BitrixWorkday], unreadable: [String]) {
        var commands: [(key: String, command: String)] = []
        for employee in employees {
            for month in months {
                let parts = month.split(separator: "-")
                guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]) else { continue }
                commands.append(("u\(employee)_\(month)", "timeman.timecontrol.reports.get?USER_ID=\(employee)&MONTH=\(number)&YEAR=\(year)"))
            }
        }
        var days: [BitrixWorkday] = []
        var unreadable: [String] = []
        for (key, outcome) in try await client.batch(commands).sorted(by: { $0.key < $1.key }) {
            let employee = String(key.dropFirst().prefix { $0 != "_" })
            let report = try outcome.get()
            for day in report.objectFields["report"]?.objectFields["days"]?.arrayItems ?? [] {
                let fields = day.objectFields
                guard let text = fields["workday_date_start"]?.stringValue, let start = Timestamp(parsing: text) else {
                    unreadable.append("employee \(employee) day \(fields["index"]?.stringValue ?? "?")")
                    continue
                }
                let seconds: Int64 = switch fields["workday_duration"] {
                case .int(let n)?: n
                case .string(let text)?: Int64(Double(text) ?? 0)
                default: 0
                }
                days.append(BitrixWorkday(employeeExternalID: employee, start: start, minutes: max(0, seconds) / 60))
            }
        }
        return (days, unreadable)
    }

    /// Bitrix24 writes a yes as `true`, `"Y"` or `1`.
    static func yes(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(let flag)?: flag
        case .string(let text)?: text == "Y" || text == "1" || text == "true"
        case .int(let n)?: n != 0
        default: false
        }
    }
}
