/// What a report says before it is a file: a heading, one or more sections of rows, perhaps a
/// chart, and notes. A report kind writes into a `ReportSheet`; a `ReportWriter` lays the same
/// content out as CSV, XLSX or PDF, as it arrives, so that no report is ever held whole in memory.
public struct ReportHeading: Sendable, Equatable {
    /// "ISOCOM".
    public var plant: String
    /// The report's name in the reader's language ("Sifat nazorati qarorlari").
    public var title: String
    /// The period in plant time ("2026-11-01 – 2026-11-30", "2026-11-24 · kunduzgi smena").
    public var period: String
    /// Who took it, when, of what: the first line of the file and the header of every page.
    public var watermark: String
    /// "Page {n} of {m}" in the reader's language.
    public var pageOf: String

    public init(plant: String, title: String, period: String, watermark: String, pageOf: String) {
        (self.plant, self.title, self.period, self.watermark, self.pageOf) = (plant, title, period, watermark, pageOf)
    }
}

/// A block of rows under one header. Columns have a stable key (the CSV header, which machines
/// read) and a label in the reader's language (XLSX and PDF, which people read).
public struct ReportSection: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public let key: String
        public let label: String
        /// A share of the printed width; text columns want more than figures.
        public let weight: Double
    }

    public let title: String?
    public let columns: [Column]

    public init(title: String?, columns: [Column]) { (self.title, self.columns) = (title, columns) }
}

/// Bars against a limit (delta per session) or a target (KPI achievement per line), for the
/// reader who would rather look than read.
public struct ReportChart: Sendable, Equatable {
    public struct Bar: Sendable, Equatable {
        public let label: String
        public let value: Double
        /// The line the bar must stay under (a delta limit) or reach (100 %), if any.
        public let limit: Double?

        public init(label: String, value: Double, limit: Double?) { (self.label, self.value, self.limit) = (label, value, limit) }
    }

    public let title: String
    public let unit: String
    public let legend: (value: String, limit: String)
    public let bars: [Bar]

    public init(title: String, unit: String, legend: (value: String, limit: String), bars: [Bar]) {
        (self.title, self.unit, self.legend, self.bars) = (title, unit, legend, bars)
    }

    public static func == (a: ReportChart, b: ReportChart) -> Bool {
        a.title == b.title && a.unit == b.unit && a.legend == b.legend && a.bars == b.bars
    }
}

/// A file format's layout of a report, fed in order: sections with their rows, then charts and
/// notes, then `finish`, which closes the file.
public protocol ReportWriter: AnyObject {
    /// The most rows the format holds, if it holds fewer than a report may have (a PDF is read,
    /// not searched); the report stops there instead of reading rows nobody will see.
    var rowLimit: Int? { get }
    func begin(_ section: ReportSection) throws
    func row(_ cells: [ExportTable.Cell]) throws
    func chart(_ chart: ReportChart) throws
    func finish(notes: [String]) throws
}

/// The writer as a report kind sees it: it counts the rows, stops the report at the row limit
/// (`REPORT_MAX_ROWS`) by throwing `Full`, which ends the query under way, and tells whoever
/// waits how far it got.
public final class ReportSheet {
    /// Thrown by `row` once a limit is reached; the runner ends the file with a note saying which.
    public struct Full: Error {
        /// True when the format's own limit stopped it, false for `REPORT_MAX_ROWS`.
        public let byFormat: Bool
    }

    let writer: any ReportWriter
    let words: Locales
    public let maximumRows: Int
    public private(set) var rows = 0
    private(set) var notes: [String] = []
    private let progress: (Int) -> Void

    init(writer: any ReportWriter, words: Locales, maximumRows: Int, progress: @escaping (Int) -> Void = { _ in }) {
        (self.writer, self.words, self.maximumRows, self.progress) = (writer, words, maximumRows, progress)
    }

    /// Starts a section; `title` and the column labels are locale keys (`report.section.*`,
    /// `report.column.*`), the column keys what follows `report.column.`.
    func section(_ title: String?, _ columns: [(key: String, weight: Double)]) throws {
        try writer.begin(ReportSection(
            title: title.map { words.text("report.section.\($0)") },
            columns: columns.map { .init(key: $0.key, label: words.text("report.column.\($0.key)"), weight: $0.weight) }))
    }

    func row(_ cells: [ExportTable.Cell]) throws {
        guard rows < maximumRows else { throw Full(byFormat: false) }
        if let limit = writer.rowLimit, rows >= limit { throw Full(byFormat: true) }
        try writer.row(cells)
        rows += 1
        if rows % 10_000 == 0 { progress(rows) }
    }

    func chart(_ chart: ReportChart) throws { try writer.chart(chart) }

    func note(_ text: String) { notes.append(text) }

    func word(_ key: String) -> String { words.text(key) }
}
