import CXLSXWriter
import Foundation

/// An export as an Excel workbook through libxlsxwriter: the watermark in the first row, in
/// the document's properties and in the header of every printed page; the header row frozen;
/// amounts as numbers with their decimals. libxlsxwriter writes to a file, so the workbook is
/// built in a temporary directory only this process's user may enter (it holds pay) and read
/// back.
enum XLSXExport {
    static func write(_ table: ExportTable) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factory-export-\(UUID.random().lowercasedText)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FactoryError.unavailable("export_failed", "the spreadsheet could not be created in \(FileManager.default.temporaryDirectory.path)")
        }
        let path = directory.appendingPathComponent("export.xlsx").path
        guard let workbook = workbook_new(path) else {
            throw FactoryError.unavailable("export_failed", "the spreadsheet could not be created in \(FileManager.default.temporaryDirectory.path)")
        }
        let sheet = workbook_add_worksheet(workbook, String(table.title.prefix(31)).replacingOccurrences(of: "/", with: "-"))
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        var decimals: [Int: UnsafeMutablePointer<lxw_format>] = [:]
        func format(scale: Int) -> UnsafeMutablePointer<lxw_format>? {
            if let known = decimals[scale] { return known }
            guard let made = workbook_add_format(workbook) else { return nil }
            format_set_num_format(made, scale == 0 ? "#,##0" : "#,##0." + String(repeating: "0", count: scale))
            decimals[scale] = made
            return made
        }

        worksheet_write_string(sheet, 0, 0, table.watermark, bold)
        worksheet_write_string(sheet, 1, 0, table.title, nil)
        let headerRow: UInt32 = 3
        for (column, name) in table.columns.enumerated() {
            worksheet_write_string(sheet, headerRow, UInt16(column), name, bold)
        }
        for (index, row) in table.rows.enumerated() {
            let line = headerRow + 1 + UInt32(index)
            for (column, cell) in row.enumerated() {
                switch cell {
                case .text(let text): worksheet_write_string(sheet, line, UInt16(column), text, nil)
                case .decimal(let units, let scale):
                    worksheet_write_number(sheet, line, UInt16(column), Double(units) / pow(10, Double(scale)), format(scale: scale))
                case .integer(let value): worksheet_write_number(sheet, line, UInt16(column), Double(value), format(scale: 0))
                }
            }
        }
        worksheet_set_column(sheet, 0, UInt16(max(table.columns.count, 1) - 1), 16, nil)
        worksheet_freeze_panes(sheet, headerRow + 1, 0)
        // '&' starts a code in a page header: a watermark's own ampersands are doubled.
        worksheet_set_header(sheet, "&C" + String(table.watermark.replacingOccurrences(of: "&", with: "&&").prefix(240)))

        let result = table.watermark.withCString { watermark in
            table.title.withCString { title in
                var properties = lxw_doc_properties()
                properties.title = UnsafeMutablePointer(mutating: title)
                properties.comments = UnsafeMutablePointer(mutating: watermark)
                properties.company = UnsafeMutablePointer(mutating: "ISOCOM")
                workbook_set_properties(workbook, &properties)
                return workbook_close(workbook)
            }
        }
        guard result == LXW_NO_ERROR, let data = FileManager.default.contents(atPath: path) else {
            throw FactoryError.unavailable("export_failed", "the spreadsheet could not be written (libxlsxwriter error \(result.rawValue))")
        }
        return Array(data)
    }
}
