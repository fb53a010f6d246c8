/// What a person asks for: a report type, its filters, a format and the language it is read
/// in. Filters are plant days (`from`, `to`, both included) and an optional line; the shift
/// report takes one `day` and its `shift` instead.
public struct ReportRequest: Sendable, Equatable {
    public var type: ReportType
    public var format: ReportFormat
    public var from: String?
    public var to: String?
    public var day: String?
    public var shift: Shift?
    /// A line's code or id; nil for every line.
    public var workcenter: String?
    public var language: Locales.Language

    public init(type: ReportType, format: ReportFormat, from: String? = nil, to: String? = nil, day: String? = nil, shift: Shift? = nil,
                workcenter: String? = nil, language: Locales.Language = .uz) {
        (self.type, self.format, self.from, self.to, self.day, self.shift, self.workcenter, self.language) =
            (type, format, from, to, day, shift, workcenter, language)
    }

    /// The filters as the API takes them and `report_jobs.filters_json` keeps them.
    public init(type: ReportType, format: ReportFormat, filters: JSONValue, language: Locales.Language) throws {
        let fields = filters.objectFields
        let known: Set = ["from", "to", "day", "shift", "workcenter"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw FactoryError.validation(field: "filters.\(unknown)", reason: "unknown_filter",
                                          "'\(unknown)' is not a report filter (allowed: day, from, shift, to, workcenter)")
        }
        func text(_ name: String) throws -> String? {
            switch fields[name] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            default: throw FactoryError.validation(field: "filters.\(name)", reason: "invalid_filter", "filters.\(name) must be text")
            }
        }
        self.init(type: type, format: format, from: try text("from"), to: try text("to"), day: try text("day"),
                  shift: try text("shift").map { try Shift(parsing: $0, field: "filters.shift") }, workcenter: try text("workcenter"),
                  language: language)
    }

    public var filters: JSONValue {
        var fields: [String: JSONValue] = [:]
        fields["from"] = from.map(JSONValue.string)
        fields["to"] = to.map(JSONValue.string)
        fields["day"] = day.map(JSONValue.string)
        fields["shift"] = shift.map { .string($0.rawValue) }
        fields["workcenter"] = workcenter.map(JSONValue.string)
        return .object(fields)
    }

    /// The moments the report covers, checked: a shift report needs its day and shift, every
    /// other report its first and last day, the last not before the first and at most a year on.
    func scope(_ db: any SQLConnection, calendar: PlantCalendar) throws -> ReportScope {
        let line = try workcenter.map { try WorkcenterKey.resolve(db, $0) }
        if type == .shift {
            guard let day else { throw FactoryError.validation(field: "filters.day", reason: "required", "the shift report needs filters.day (YYYY-MM-DD)") }
            guard let shift else { throw FactoryError.validation(field: "filters.shift", reason: "required", "the shift report needs filters.shift (day or night)") }
            guard let start = calendar.shiftStart(day: day, shift: shift) else { throw Self.badDay("day", day) }
            return ReportScope(start: start, end: start.adding(seconds: 12 * 3600), days: (day, day), shift: shift, workcenterID: line?.id,
                               workcenterCode: line?.code)
        }
        guard let from else { throw FactoryError.validation(field: "filters.from", reason: "required", "filters.from (YYYY-MM-DD) is required") }
        let to = self.to ?? from
        guard calendar.shiftStart(day: from, shift: .day) != nil else { throw Self.badDay("from", from) }
        guard let period = calendar.period(first: from, last: to) else { throw Self.badDay("to", to) }
        guard period.end > period.start else {
            throw FactoryError.validation(field: "filters.to", reason: "period_reversed", "filters.to (\(to)) is before filters.from (\(from))")
        }
        guard period.end.seconds(since: period.start) <= 367 * 86_400 else {
            throw FactoryError.validation(field: "filters.to", reason: "period_too_long", "a report covers at most a year; split \(from) – \(to)")
        }
        return ReportScope(start: period.start, end: period.end, days: (from, to), shift: nil, workcenterID: line?.id, workcenterCode: line?.code)
    }

    private static func badDay(_ field: String, _ text: String) -> FactoryError {
        .validation(field: "filters.\(field)", reason: "invalid_date", "'\(text)' is not a date (YYYY-MM-DD)")
    }
}

/// A request's filters resolved: the moments `[start, end)` in UTC and the line, if one.
public struct ReportScope: Sendable {
    public let start: Timestamp
    public let end: Timestamp
    public let days: (first: String, last: String)
    public let shift: Shift?
    public let workcenterID: String?
    public let workcenterCode: String?

    /// The line filter as two bound values: `(? IS NULL OR workcenter_id = ?)`.
    var line: [any SQLBindable] { [workcenterID, workcenterID] }
}
