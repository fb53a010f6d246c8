import CXLSXWriter
import Foundation

/// A report as an Excel workbook through libxlsxwriter in constant-memory mode, which writes each
/// row to disk as it comes, so a million rows cost what one does. Each section is a sheet named
/// after it: the watermark in the first row, the title and period in the second, the labels
/// frozen above the rows; amounts are numbers with their decimals; the watermark is also in the
/// file's properties and in the header of every printed page.
public final class XLSXReportWriter: ReportWriter {
    private let path: String
    private let heading: ReportHeading
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private var sheet: UnsafeMutablePointer<lxw_worksheet>?
    private var line: UInt32 = 0
    private var sheetNames: Set<String> = []
    private let bold: UnsafeMutablePointer<lxw_format>?
    private var decimals: [Int: UnsafeMutablePointer<lxw_format>] = [:]
    /// Kept alive until the workbook is closed: libxlsxwriter holds on to the pointers.
    private let scratch: UnsafeMutablePointer<CChar>

    public init(path: String, heading: ReportHeading) throws {
        (self.path, self.heading) = (path, heading)
        // libxlsxwriter's own temporary files (one per sheet) go beside the report, where there is room.
        scratch = strdup((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
        var options = lxw_workbook_options(constant_memory: UInt8(LXW_TRUE.rawValue), tmpdir: scratch, use_zip64: UInt8(LXW_TRUE.rawValue))
        guard let workbook = workbook_new_opt(path, &options) else {
            free(scratch)
            throw FactoryError.unavailable("export_failed", "the spreadsheet \(path) could not be created")
        }
        self.workbook = workbook
        bold = workbook_add_format(workbook)
        format_set_bold(bold)
    }

    public let rowLimit: Int? = nil

    public func begin(_ section: ReportSection) throws {
        let sheet = workbook_add_worksheet(workbook, sheetName(section.title ?? heading.title))
        self.sheet = sheet
        worksheet_write_string(sheet, 0, 0, heading.watermark, bold)
        worksheet_write_string(sheet, 1, 0, heading.period.isEmpty ? heading.title : "\(heading.title) · \(heading.period)", nil)
        for (index, column) in section.columns.enumerated() {
            worksheet_set_column(sheet, UInt16(index), UInt16(index), 10 + 8 * column.weight, nil)
            worksheet_write_string(sheet, 3, UInt16(index), column.label, bold)
        }
        worksheet_freeze_panes(sheet, 4, 0)
        // '&' starts a code in a page header: a watermark's own ampersands are doubled.
        worksheet_set_header(sheet, "&C" + String(heading.watermark.replacingOccurrences(of: "&", with: "&&").prefix(240)))
        line = 4
    }

    public func row(_ cells: [ExportTable.Cell]) throws {
        guard let sheet else { return }
        for (column, cell) in cells.enumerated() {
            switch cell {
            case .text(let text): worksheet_write_string(sheet, line, UInt16(column), text, nil)
            case .decimal(let units, let scale):
                worksheet_write_number(sheet, line, UInt16(column), Double(units) / pow(10, Double(scale)), format(scale: scale))
            case .integer(let value): worksheet_write_number(sheet, line, UInt16(column), Double(value), format(scale: 0))
            }
        }
        line += 1
    }

    /// The figures of a chart are the sheet's rows already.
    public func chart(_ chart: ReportChart) throws {}

    public func finish(notes: [String]) throws {
        if sheet == nil { try begin(ReportSection(title: nil, columns: [])) }
        line += 1
        for note in notes {
            worksheet_write_string(sheet, line, 0, note, bold)
            line += 1
        }
        let result = heading.watermark.withCString { watermark in
            heading.title.withCString { title in
                heading.plant.withCString { plant in
                    var properties = lxw_doc_properties()
                    properties.title = UnsafeMutablePointer(mutating: title)
                    properties.comments = UnsafeMutablePointer(mutating: watermark)
                    properties.company = UnsafeMutablePointer(mutating: plant)
                    workbook_set_properties(workbook, &properties)
                    return workbook_close(workbook)
                }
            }
        }
        free(scratch)
        guard result == LXW_NO_ERROR else {
            throw FactoryError.unavailable("export_failed", "the spreadsheet could not be written (libxlsxwriter error \(result.rawValue))")
        }
        // Only this user may read it, as the other formats.
        chmod(path, 0o600)
    }

    private func format(scale: Int) -> UnsafeMutablePointer<lxw_format>? {
        if let known = decimals[scale] { return known }
        guard let made = workbook_add_format(workbook) else { return nil }
        format_set_num_format(made, scale == 0 ? "#,##0" : "#,##0." + String(repeating: "0", count: scale))
        decimals[scale] = made
        return made
    }

    /// Excel's rules for a sheet's name: at most 31 characters, none of `[]:*?/\`, unique.
    private func sheetName(_ title: String) -> String {
        let base = String(title.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(28))
        var name = base
        var number = 2
        while sheetNames.contains(name.lowercased()) {
            name = "\(base) \(number)"
            number += 1
        }
        sheetNames.insert(name.lowercased())
        return name
    }
}
