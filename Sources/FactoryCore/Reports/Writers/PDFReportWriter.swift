import CHaru
import Foundation

/// A report as a printed document through libharu: A4 landscape, the plant, the title and the
/// period on top, the watermark at the head of every page and "page n of m" at its foot, the
/// rows as a ruled table, and charts drawn as bars against their limit. Text is set in DejaVu
/// Sans, embedded as Unicode, so Cyrillic and Uzbek Latin print as typed.
///
/// A PDF is for reading: it holds at most `maximumRows` rows (`rowLimit`), and the report then
/// ends with a note sending the reader to CSV or XLSX. libharu builds the whole document in
/// memory before it saves it, which this bound keeps small.
public final class PDFReportWriter: ReportWriter {
    public static let maximumRows = 5_000

    private let path: String
    private let heading: ReportHeading
    private let pdf: HPDF_Doc
    private let regular: HPDF_Font
    private let bold: HPDF_Font
    private var pages: [HPDF_Page] = []
    private var page: HPDF_Page?
    private var y: Float = 0
    private var section: ReportSection?
    private var widths: [Float] = []
    public var rowLimit: Int? { Self.maximumRows }

    private static let width: Float = 842, height: Float = 595, margin: Float = 36
    private static let rowHeight: Float = 12, textSize: Float = 7.5

    public init(path: String, heading: ReportHeading) throws {
        (self.path, self.heading) = (path, heading)
        guard let pdf = HPDF_New(nil, nil) else { throw Self.failed("libharu could not start a document") }
        self.pdf = pdf
        HPDF_SetCompressionMode(pdf, UInt32(HPDF_COMP_ALL))
        HPDF_UseUTFEncodings(pdf)
        HPDF_SetCurrentEncoder(pdf, "UTF-8")
        guard let regularFile = Self.font("DejaVuSans.ttf"), let boldFile = Self.font("DejaVuSans-Bold.ttf"),
              let regularName = HPDF_LoadTTFontFromFile(pdf, regularFile, HPDF_TRUE), let boldName = HPDF_LoadTTFontFromFile(pdf, boldFile, HPDF_TRUE),
              let regular = HPDF_GetFont(pdf, regularName, "UTF-8"), let bold = HPDF_GetFont(pdf, boldName, "UTF-8") else {
            HPDF_Free(pdf)
            throw Self.failed("the DejaVu Sans fonts were not found (Debian package fonts-dejavu-core)")
        }
        (self.regular, self.bold) = (regular, bold)
        HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, "\(heading.title) · \(heading.period)")
        HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, heading.plant)
        HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, heading.watermark)
        newPage(first: true)
    }

    deinit { HPDF_Free(pdf) }

    /// Where Debian and most distributions keep DejaVu; `FACTORY_FONT_DIR` comes first.
    static func font(_ name: String) -> String? {
        let directories = [ProcessInfo.processInfo.environment["FACTORY_FONT_DIR"], "/usr/share/fonts/truetype/dejavu",
                           "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"].compactMap { $0 }
        return directories.map { ($0 as NSString).appendingPathComponent(name) }.first { FileManager.default.fileExists(atPath: $0) }
    }

    public func begin(_ section: ReportSection) throws {
        self.section = section
        let usable = Self.width - 2 * Self.margin
        let total = section.columns.reduce(0) { $0 + $1.weight }
        widths = section.columns.map { Float($0.weight / max(total, 1)) * usable }
        if y < Self.margin + 6 * Self.rowHeight { newPage(first: false) }
        if let title = section.title {
            y -= 8
            text(title, x: Self.margin, y: y, font: bold, size: 10)
            y -= 6
        }
        drawHeader()
    }

    public func row(_ cells: [ExportTable.Cell]) throws {
        if y - Self.rowHeight < Self.margin + 14 {
            newPage(first: false)
            drawHeader()
        }
        guard let page else { return }
        var x = Self.margin
        HPDF_Page_SetFontAndSize(page, regular, Self.textSize)
        for (index, cell) in cells.enumerated() where index < widths.count {
            let text = fitted(cell.displayText, width: widths[index] - 4)
            let isFigure = if case .text = cell { false } else { true }
            let left = isFigure ? x + widths[index] - 2 - HPDF_Page_TextWidth(page, text) : x + 2
            self.text(text, x: left, y: y - Self.rowHeight + 3, font: regular, size: Self.textSize)
            x += widths[index]
        }
        rule(y: y - Self.rowHeight, gray: 0.85)
        y -= Self.rowHeight
    }

    public func chart(_ chart: ReportChart) throws {
        guard !chart.bars.isEmpty else { return }
        newPage(first: false)
        guard let page else { return }
        text(chart.title, x: Self.margin, y: y - 14, font: bold, size: 12)
        let top = y - 40, bottom = Self.margin + 60
        let left = Self.margin + 40, right = Self.width - Self.margin
        let highest = max(chart.bars.map { max($0.value, $0.limit ?? 0) }.max() ?? 1, 0.001) * 1.1
        let scale = (top - bottom) / Float(highest)
        // The axis, with five marks and their values.
        HPDF_Page_SetLineWidth(page, 0.5)
        HPDF_Page_SetRGBStroke(page, 0.6, 0.6, 0.6)
        for mark in 0...5 {
            let value = highest * Double(mark) / 5
            let at = bottom + Float(value) * scale
            HPDF_Page_MoveTo(page, left, at)
            HPDF_Page_LineTo(page, right, at)
            HPDF_Page_Stroke(page)
            text(String(format: "%.1f", value), x: Self.margin, y: at - 3, font: regular, size: 7)
        }
        text(chart.unit, x: Self.margin, y: top + 8, font: regular, size: 7)
        let slot = (right - left) / Float(chart.bars.count)
        let barWidth = max(min(slot * 0.6, 40), 2)
        for (index, bar) in chart.bars.enumerated() {
            let x = left + slot * Float(index) + (slot - barWidth) / 2
            let over = bar.limit.map { bar.value > $0 } ?? false
            HPDF_Page_SetRGBFill(page, over ? 0.80 : 0.20, over ? 0.25 : 0.45, over ? 0.20 : 0.70)
            HPDF_Page_Rectangle(page, x, bottom, barWidth, max(Float(bar.value) * scale, 0.5))
            HPDF_Page_Fill(page)
            if let limit = bar.limit {
                HPDF_Page_SetRGBStroke(page, 0.85, 0.1, 0.1)
                HPDF_Page_SetLineWidth(page, 1.5)
                let at = bottom + Float(limit) * scale
                HPDF_Page_MoveTo(page, x - 3, at)
                HPDF_Page_LineTo(page, x + barWidth + 3, at)
                HPDF_Page_Stroke(page)
            }
            HPDF_Page_SetRGBFill(page, 0, 0, 0)
            let label = fitted(bar.label, width: slot - 2, size: 6.5)
            text(label, x: x + barWidth / 2 - HPDF_Page_TextWidth(page, label) / 2, y: bottom - 12, font: regular, size: 6.5)
        }
        // The legend.
        HPDF_Page_SetRGBFill(page, 0.20, 0.45, 0.70)
        HPDF_Page_Rectangle(page, left, Self.margin + 20, 10, 8)
        HPDF_Page_Fill(page)
        HPDF_Page_SetRGBFill(page, 0, 0, 0)
        text(chart.legend.value, x: left + 14, y: Self.margin + 21, font: regular, size: 8)
        HPDF_Page_SetRGBStroke(page, 0.85, 0.1, 0.1)
        HPDF_Page_MoveTo(page, left + 160, Self.margin + 24)
        HPDF_Page_LineTo(page, left + 176, Self.margin + 24)
        HPDF_Page_Stroke(page)
        text(chart.legend.limit, x: left + 180, y: Self.margin + 21, font: regular, size: 8)
        y = Self.margin
    }

    public func finish(notes: [String]) throws {
        for note in notes {
            if y < Self.margin + 30 { newPage(first: false) }
            y -= 16
            text(note, x: Self.margin, y: y, font: bold, size: 9)
        }
        for (index, page) in pages.enumerated() {
            let footer = heading.pageOf.replacingOccurrences(of: "{n}", with: "\(index + 1)").replacingOccurrences(of: "{m}", with: "\(pages.count)")
            self.page = page
            text("\(heading.plant) · \(heading.title) · \(heading.period)", x: Self.margin, y: Self.margin - 18, font: regular, size: 7)
            HPDF_Page_SetFontAndSize(page, regular, 7)
            text(footer, x: Self.width - Self.margin - HPDF_Page_TextWidth(page, footer), y: Self.margin - 18, font: regular, size: 7)
        }
        guard HPDF_SaveToFile(pdf, path) == HPDF_OK else {
            throw Self.failed("libharu could not save \(path) (error \(HPDF_GetError(pdf)))")
        }
        chmod(path, 0o600)
    }

    // MARK: Drawing

    private func newPage(first: Bool) {
        guard let page = HPDF_AddPage(pdf) else { return }
        HPDF_Page_SetWidth(page, Self.width)
        HPDF_Page_SetHeight(page, Self.height)
        pages.append(page)
        self.page = page
        y = Self.height - Self.margin
        HPDF_Page_SetRGBFill(page, 0.45, 0.45, 0.45)
        text(heading.watermark, x: Self.margin, y: y, font: regular, size: 7)
        HPDF_Page_SetRGBFill(page, 0, 0, 0)
        y -= 10
        if first {
            y -= 18
            text(heading.plant, x: Self.margin, y: y, font: bold, size: 16)
            y -= 18
            text(heading.title, x: Self.margin, y: y, font: bold, size: 13)
            y -= 14
            text(heading.period, x: Self.margin, y: y, font: regular, size: 10)
            y -= 10
        }
    }

    private func drawHeader() {
        guard let section, let page else { return }
        HPDF_Page_SetRGBFill(page, 0.90, 0.92, 0.95)
        HPDF_Page_Rectangle(page, Self.margin, y - Self.rowHeight - 2, Self.width - 2 * Self.margin, Self.rowHeight + 2)
        HPDF_Page_Fill(page)
        HPDF_Page_SetRGBFill(page, 0, 0, 0)
        var x = Self.margin
        HPDF_Page_SetFontAndSize(page, bold, Self.textSize)
        for (index, column) in section.columns.enumerated() {
            text(fitted(column.label, width: widths[index] - 4, font: bold), x: x + 2, y: y - Self.rowHeight + 2, font: bold, size: Self.textSize)
            x += widths[index]
        }
        y -= Self.rowHeight + 2
        rule(y: y, gray: 0.4)
    }

    private func rule(y: Float, gray: Float) {
        guard let page else { return }
        HPDF_Page_SetLineWidth(page, 0.3)
        HPDF_Page_SetRGBStroke(page, gray, gray, gray)
        HPDF_Page_MoveTo(page, Self.margin, y)
        HPDF_Page_LineTo(page, Self.width - Self.margin, y)
        HPDF_Page_Stroke(page)
    }

    private func text(_ text: String, x: Float, y: Float, font: HPDF_Font, size: Float) {
        guard let page, !text.isEmpty else { return }
        HPDF_Page_BeginText(page)
        HPDF_Page_SetFontAndSize(page, font, size)
        HPDF_Page_TextOut(page, x, y, text)
        HPDF_Page_EndText(page)
    }

    /// The text cut short with an ellipsis until it fits the column.
    private func fitted(_ text: String, width: Float, font: HPDF_Font? = nil, size: Float = textSize) -> String {
        guard let page else { return text }
        HPDF_Page_SetFontAndSize(page, font ?? regular, size)
        guard HPDF_Page_TextWidth(page, text) > width else { return text }
        var cut = text
        while !cut.isEmpty, HPDF_Page_TextWidth(page, cut + "…") > width { cut.removeLast() }
        return cut.isEmpty ? "" : cut + "…"
    }

    private static func failed(_ message: String) -> FactoryError { .unavailable("export_failed", message) }
}
