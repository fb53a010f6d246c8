/// Finance's CSV files for KPI and payroll (M11): the KPI configuration, attendance, salaries
/// and advances, and penalties. Unlike master data, each row goes through the service that owns
/// its rule (one shift a day per person, a penalty priced by the configuration, the signed-in
/// person's permission), all in the caller's one transaction: a file with a bad row is refused
/// whole, naming every bad row, and nothing is written.
public struct PayInputsImporter: Sendable {
    public enum File: String, CaseIterable, Sendable {
        /// `setting,value` rows: `bonus_100`, `cap_pct`, `allow_manual`, `penalty.<kind>`.
        case kpiConfig = "kpi_config.csv"
        /// `username,day,shift,workcenter_code,hours`.
        case attendance = "attendance.csv"
        /// `username,month,base_salary,avans`.
        case payRates = "pay_rates.csv"
        /// `username,month,kind,count[,note]`.
        case penalties = "penalties.csv"

        var columns: (required: [String], optional: [String]) {
            switch self {
            case .kpiConfig: (["setting", "value"], [])
            case .attendance: (["username", "day", "shift", "workcenter_code", "hours"], [])
            case .payRates: (["username", "month", "base_salary", "avans"], [])
            case .penalties: (["username", "month", "kind", "count"], ["note"])
            }
        }
    }

    /// Rows recorded per file.
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        public var files: [String: Int] = [:]
        public var description: String {
            File.allCases.compactMap { file in files[file.rawValue].map { "\(file.rawValue): \($0) rows recorded" } }.joined(separator: "\n")
        }
    }

    public let kpi: KPIService
    public let attendance: AttendanceService
    public let payroll: PayrollService

    public init(kpi: KPIService, attendance: AttendanceService, payroll: PayrollService) {
        (self.kpi, self.attendance, self.payroll) = (kpi, attendance, payroll)
    }

    public static var fileNames: [String] { File.allCases.map(\.rawValue) }

    /// Applies named CSV texts in the order of `File` (the configuration first: penalties are
    /// priced by it). Throws `ImportRejected` with every problem; the caller's transaction then
    /// rolls back whatever rows before the bad one wrote.
    public func apply(_ texts: [(name: String, text: String)], _ db: any SQLConnection, by actor: Actor) throws -> Report {
        var problems: [ImportProblem] = []
        let given = Dictionary(texts.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        for name in given.keys.sorted() where File(rawValue: name) == nil {
            problems.append(ImportProblem(file: name, line: nil, column: nil,
                                          message: "unknown file; expected one of \(Self.fileNames.joined(separator: ", "))"))
        }
        var report = Report()
        for file in File.allCases {
            guard let text = given[file.rawValue] else { continue }
            let sheet: CSVSheet
            do { sheet = try CSVSheet(name: file.rawValue, text: text) } catch let rejected as ImportRejected {
                problems += rejected.problems
                continue
            }
            let headerProblems = sheet.headerProblems(required: file.columns.required, optional: file.columns.optional)
            guard headerProblems.isEmpty else {
                problems += headerProblems
                continue
            }
            let recorded = file == .kpiConfig
                ? try applyConfig(sheet, db, by: actor, problems: &problems)
                : try applyRows(file, sheet, db, by: actor, problems: &problems)
            report.files[file.rawValue] = recorded
        }
        if !problems.isEmpty { throw ImportRejected(problems: problems) }
        return report
    }

    // MARK: Rows

    private func applyRows(_ file: File, _ sheet: CSVSheet, _ db: any SQLConnection, by actor: Actor,
                           problems: inout [ImportProblem]) throws -> Int {
        var recorded = 0
        for (line, fields) in sheet.rows {
            var row = RowReader(file: file.rawValue, line: line, fields: fields)
            let action: ((any SQLConnection) throws -> Void)?
            switch file {
            case .attendance:
                let (username, day, shift, workcenter) = (row.text("username"), row.text("day"), row.word("shift", Shift.self), row.text("workcenter_code"))
                let minutes = row.requiredQuantity("hours", Hours.self)?.minutes
                action = shift.flatMap { shift in minutes.map { minutes in { db in
                    try attendance.record(db, by: actor, .init(username: username, day: day, shift: shift, workcenter: workcenter, minutes: minutes))
                } } }
            case .payRates:
                let (username, month) = (row.text("username"), row.text("month"))
                let (base, advance) = (row.requiredQuantity("base_salary", Money.self), row.quantity("avans", Money.self) ?? Money(minorUnits: 0))
                action = base.map { base in { db in try payroll.setRate(db, by: actor, username: username, month: month, base: base, advance: advance) } }
            case .penalties:
                let (username, month, kind) = (row.text("username"), row.text("month"), row.text("kind"))
                let (count, note) = (row.integer("count", in: 1...1000), row.optionalText("note"))
                action = count.map { count in { db in
                    try payroll.recordPenalty(db, by: actor, username: username, month: month, kind: kind, count: count, note: note)
                } }
            case .kpiConfig:
                action = nil
            }
            guard row.problems.isEmpty, let action else {
                problems += row.problems
                continue
            }
            do {
                try action(db)
                recorded += 1
            } catch let error as FactoryError where error.code != .forbidden && error.code != .unavailable {
                // The services check before they write, so a refused row leaves nothing behind
                // and the rows after it are still checked: one run names every bad row.
                problems.append(ImportProblem(file: file.rawValue, line: line, column: error.details["field"], message: error.message))
            }
        }
        return recorded
    }

    // MARK: The KPI configuration

    private func applyConfig(_ sheet: CSVSheet, _ db: any SQLConnection, by actor: Actor, problems: inout [ImportProblem]) throws -> Int {
        let name = File.kpiConfig.rawValue
        var bonus: Money?, cap: Percent?, allowManual = false
        var penalties: [String: Money] = [:]
        var seen: [String: Int] = [:]
        let before = problems.count
        for (line, fields) in sheet.rows {
            var row = RowReader(file: name, line: line, fields: fields)
            let setting = row.text("setting")
            if let first = seen[setting] {
                problems.append(row.problem("setting", "'\(setting)' is set twice (first on line \(first))"))
            }
            seen[setting] = line
            switch setting {
            case "bonus_100": bonus = row.quantity("value", Money.self)
            case "cap_pct": cap = row.quantity("value", Percent.self)
            case "allow_manual": allowManual = row.flag("value", default: false)
            case let penalty where penalty.hasPrefix("penalty."):
                penalties[String(penalty.dropFirst("penalty.".count))] = row.quantity("value", Money.self)
            default:
                row.problems.append(row.problem("setting", "unknown setting '\(setting)'; expected bonus_100, cap_pct, allow_manual or penalty.<kind>"))
            }
            if row.optionalText("value") == nil { row.problems.append(row.problem("value", "a value is required")) }
            problems += row.problems
        }
        for (setting, present) in [("bonus_100", bonus != nil), ("cap_pct", cap != nil)] where !present && seen[setting] == nil {
            problems.append(ImportProblem(file: name, line: nil, column: "setting", message: "missing setting '\(setting)'"))
        }
        guard problems.count == before, let bonus, let cap else { return 0 }
        do {
            try kpi.configure(db, by: actor, KPIFacts.Config(bonusAt100: bonus, cap: cap, allowManual: allowManual, penalties: penalties))
        } catch let error as FactoryError where error.code == .validationError {
            problems.append(ImportProblem(file: name, line: nil, column: error.details["field"], message: error.message))
            return 0
        }
        return sheet.rows.count
    }
}

/// Hours worked as finance writes them (`12`, `7.5`, `7.75`), to the hundredth of an hour;
/// stored as whole minutes, rounded half up.
public struct Hours: FixedPoint {
    public static let scale = 2
    public static let maximum: Int64 = 2_400
    public static let noun = "hours"
    public let units: Int64
    public init(units: Int64) { self.units = units }

    public var minutes: Int64 { (units * 60 + 50) / 100 }
}
