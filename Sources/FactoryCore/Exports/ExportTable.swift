import Foundation

/// What an export holds, before it is a file: a title, the watermark that says who took it,
/// when and of what, the column names and the rows. The CSV and XLSX writers only lay it out.
public struct ExportTable: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// An exact amount (money, kilograms, a percentage): decimal text in CSV, a number
        /// with as many decimals in XLSX.
        case decimal(units: Int64, scale: Int)
        case integer(Int64)

        static func amount<Q: FixedPoint>(_ value: Q) -> Cell { .decimal(units: value.units, scale: Q.scale) }

        /// The cell as CSV text. Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
        /// first) is quoted with an apostrophe: a name typed into Bitrix24 must never execute.
        var csvText: String {
            switch self {
            case .text(let text):
                guard let first = text.first, "=+-@\t\r".contains(first) else { return text }
                return "'" + text
            case .decimal(let units, let scale): return DecimalText.format(units, scale: scale)
            case .integer(let value): return String(value)
            }
        }

        /// The cell as a person reads it on paper.
        var displayText: String {
            switch self {
            case .text(let text): text
            case .decimal(let units, let scale): DecimalText.format(units, scale: scale)
            case .integer(let value): String(value)
            }
        }
    }

    public let title: String
    /// "Confidential · exported by … at … · payroll 2026-11 v2 (approved)": the first line of
    /// every export, and the printed header of every XLSX page.
    public let watermark: String
    public let columns: [String]
    public let rows: [[Cell]]

    public init(title: String, watermark: String, columns: [String], rows: [[Cell]]) {
        (self.title, self.watermark, self.columns, self.rows) = (title, watermark, columns, rows)
    }
}

/// The file formats of an export.
public enum ExportFormat: String, DomainEnum {
    case csv, xlsx
    public static let domainName = "format"

    public var fileExtension: String { rawValue }
    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    /// The table laid out by the report writers, in a temporary directory only this process's
    /// user may enter (an export may hold pay), and read back.
    public func write(_ table: ExportTable) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factory-export-\(UUID.random().lowercasedText)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FactoryError.unavailable("export_failed", "the file could not be created in \(FileManager.default.temporaryDirectory.path)")
        }
        let path = directory.appendingPathComponent("export.\(fileExtension)").path
        let heading = ReportHeading(plant: "ISOCOM", title: table.title, period: "", watermark: table.watermark, pageOf: "{n} / {m}")
        let writer: any ReportWriter = switch self {
        case .csv: try CSVReportWriter(path: path, heading: heading)
        case .xlsx: try XLSXReportWriter(path: path, heading: heading)
        }
        try writer.begin(ReportSection(title: nil, columns: table.columns.map { .init(key: $0, label: $0, weight: 1) }))
        for row in table.rows { try writer.row(row) }
        try writer.finish(notes: [])
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FactoryError.unavailable("export_failed", "the file \(path) could not be read back")
        }
        return Array(data)
    }
}
