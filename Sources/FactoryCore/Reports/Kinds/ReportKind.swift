/// One report type: the facts it reads, in the order a reader wants them, written row by row
/// into the sheet. Kinds only read; the runner gives them one read-only snapshot.
protocol ReportKind {
    /// Whether the kind can narrow to one line (`filters.workcenter`).
    static var byLine: Bool { get }
    static func write(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, into sheet: ReportSheet) throws
}

/// What a kind needs besides the database: plant time, the reader's words, the moment of the
/// report and the services whose rules it must not restate.
struct ReportContext {
    let calendar: PlantCalendar
    let words: Locales
    let now: Timestamp
    let balance: BalanceService
    /// How long a scale may be silent before it counts as offline (the P1 alert's threshold).
    let silentSeconds: Int64

    /// "2026-11-24 08:15" in plant time.
    func moment(_ time: Timestamp?) -> ExportTable.Cell {
        guard let time else { return .text("") }
        return .text(calendar.moment(of: time))
    }

    func word(_ key: String) -> String { words.text(key) }

    func word(_ key: String, _ values: [String: String]) -> String { words.text(key, filling: values) }
}

enum ReportCatalog {
    static func kind(of type: ReportType) -> any ReportKind.Type {
        switch type {
        case .kpiRollup: KPIRollupReport.self
        case .qcDefect: QCDefectReport.self
        case .fgAging: FGAgingReport.self
        case .rsTrusted: RSTrustedReport.self
        case .reworkLoss: ReworkLossReport.self
        case .sessionDeltaWatch: SessionDeltaWatchReport.self
        case .shift: ShiftReport.self
        }
    }
}

extension ExportTable.Cell {
    static func kg(_ grams: Int64) -> Self { .decimal(units: grams, scale: 3) }
    static func percent(milli: Int64) -> Self { .decimal(units: milli, scale: 3) }
}

/// `(? IS NULL OR <column> = ?)` with the line's id bound twice; the CAST lets PostgreSQL know
/// the first parameter's type.
func lineFilter(_ column: String) -> String { "(CAST(? AS TEXT) IS NULL OR \(column) = ?)" }
