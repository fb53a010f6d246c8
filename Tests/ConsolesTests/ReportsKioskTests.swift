@testable import Consoles
@testable import FactoryCore
import Foundation
import Testing

/// A supervisor's reports page: the shop head's shift sheet and the director's every report,
/// chosen with the keys, taken in the screen's language, the newest listed; golden screens in
/// three languages.
@Suite struct ReportsKioskTests {
    static func job(_ type: ReportType, _ format: ReportFormat, _ status: ReportJobStatus, rows: Int?, file: String? = "x") -> ReportJobs.Job {
        let at = Timestamp(parsing: "2026-11-25T10:00:00Z")!
        return ReportJobs.Job(id: ReportJobs.ID(), request: ReportRequest(type: type, format: format, day: "2026-11-25", shift: .day),
                              status: status, fileRef: status == .done ? file : nil, fileName: status == .done ? "\(type.rawValue).\(format.rawValue)" : nil,
                              rows: rows, bytes: rows.map { $0 * 100 }, notes: [], error: status == .failed ? "disk full" : nil, createdBy: User.ID(),
                              createdAt: at, startedAt: at, finishedAt: at, expiresAt: nil)
    }

    static let jobs = [job(.shift, .pdf, .done, rows: 14), job(.qcDefect, .xlsx, .done, rows: 1_200, file: nil), job(.fgAging, .csv, .failed, rows: nil)]

    static func press(_ names: String...) -> [KeyInput] { names.map { .key(.named($0)) } }
    static func keys(_ text: String) -> [KeyInput] { text.map { .key(.character($0)) } }

    func run<K: Kiosk>(_ kiosk: K, _ state: K.State, _ inputs: [KeyInput]) -> (K.State, [K.Effect]) {
        var state = state
        var effects: [K.Effect] = []
        for input in inputs {
            let (next, made) = kiosk.update(state, K.input(input))
            state = next
            effects += made
        }
        return (state, effects)
    }

    @Test func theShopHeadTakesTodaysShiftSheetAsPDFInTheScreensLanguage() throws {
        let kiosk = ReportsKiosk(chrome: try CatalogueTests.chrome(.ru), types: ReportsKiosk.types(for: .shophead), prints: true)
        let loaded = kiosk.update(.init(user: "sexboshligi"), .loaded(Self.jobs, today: "2026-11-25", shift: .night)).0
        #expect(loaded.form?.fields == [.type, .day, .shift, .format], "a shift sheet asks a day and a shift")
        #expect(kiosk.update(loaded, .input(.key(.named("Down")))).0.form?.type == .shift, "the shop head has the shift sheet only")
        let (_, effects) = run(kiosk, loaded, Self.press("Enter"))
        #expect(effects == [.take(ReportRequest(type: .shift, format: .pdf, day: "2026-11-25", shift: .night, language: .ru))])

        // Yesterday's day shift: the day a step back, the shift turned, as a person would.
        let (yesterday, taken) = run(kiosk, loaded, Self.press("Tab", "Down", "Tab", "Down", "Enter"))
        #expect(taken == [.take(ReportRequest(type: .shift, format: .pdf, day: "2026-11-24", shift: .day, language: .ru))])
        #expect(yesterday.busy, "one report at a time")
        #expect(run(kiosk, yesterday, Self.press("Enter")).1.isEmpty, "Enter while busy asks nothing more")
    }

    @Test func theDirectorChoosesAnyReportAPeriodAndAFormat() throws {
        let kiosk = ReportsKiosk(chrome: try CatalogueTests.chrome(.en), types: ReportsKiosk.types(for: .director))
        let loaded = kiosk.update(.init(user: "direktor"), .loaded([], today: "2026-11-25", shift: .day)).0
        #expect(loaded.form?.type == .kpiRollup && loaded.form?.from == "2026-11-01" && loaded.form?.to == "2026-11-25",
                "a period report opens on the month so far")
        // qc_defect, from a typed date, to the day before, as XLSX.
        let inputs = Self.press("Down") + Self.press("Tab") + Self.press("Backspace", "Backspace") + Self.keys("10")
            + Self.press("Tab", "Down", "Tab", "Down", "Enter")
        let (state, effects) = run(kiosk, loaded, inputs)
        #expect(effects == [.take(ReportRequest(type: .qcDefect, format: .xlsx, from: "2026-11-10", to: "2026-11-24", language: .en))])
        #expect(state.form?.fields == [.type, .from, .to, .format])
        #expect(run(kiosk, loaded, Self.keys("7")).0.notice == Notice("kiosk.reports.keys"), "digits type a date, not a report")
        #expect(run(kiosk, loaded, [.scan("E1-20261125-0001")]).0.notice == Notice("kiosk.reports.scan_not_used"))
        #expect(run(kiosk, loaded, Self.press("Esc")).1 == [.back])
        let up = run(kiosk, loaded, Self.press("Up")).0
        #expect(up.form?.type == .shift && up.form?.fields == [.type, .day, .shift, .format], "the list turns round; the form follows the type")
    }

    @Test func aRefusalAndAWrittenReportAreSaid() throws {
        let kiosk = ReportsKiosk(chrome: try CatalogueTests.chrome(.en), types: ReportsKiosk.types(for: .shophead), prints: true)
        let loaded = kiosk.update(.init(user: "sexboshligi"), .loaded([], today: "2026-11-25", shift: .day)).0
        let busy = run(kiosk, loaded, Self.press("Enter")).0
        let written = kiosk.update(busy, .taken(.init(file: "exports/shift-2026-11-25-day.pdf", rows: 14, notes: [], printedOn: "office"), Self.jobs)).0
        #expect(!written.busy && written.jobs.count == 3)
        let text = kiosk.view(written, width: 80, height: 24).text
        #expect(text.contains("Report written: exports/shift-2026-11-25-day.pdf (14 rows). Sent to the") && text.contains("printer office."))
        let refused = kiosk.update(busy, .refused(Failure(FactoryError.validation(field: "day", reason: "invalid_date", "bad")))).0
        #expect(kiosk.view(refused, width: 80, height: 24).text.contains("That is not a date. Type it as YYYY-MM-DD."))
    }

    /// Every state in Uzbek, Russian and English against `Golden/reports.txt`.
    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let chrome = try CatalogueTests.chrome(language)
            let shopHead = ReportsKiosk(chrome: chrome, types: ReportsKiosk.types(for: .shophead), prints: true)
            let director = ReportsKiosk(chrome: chrome, types: ReportsKiosk.types(for: .director))
            let sheet = shopHead.update(.init(user: "sexboshligi"), .loaded(Self.jobs, today: "2026-11-25", shift: .day)).0
            let printed = shopHead.update(run(shopHead, sheet, Self.press("Enter")).0,
                                          .taken(.init(file: "exports/shift-2026-11-25-day.pdf", rows: 14, notes: [], printedOn: "office"), Self.jobs)).0
            let period = run(director, director.update(.init(user: "direktor"), .loaded([], today: "2026-11-25", shift: .day)).0,
                             Self.press("Down", "Tab")).0
            let queued = director.update(run(director, period, Self.press("Enter")).0, .queued(Self.jobs)).0
            for (name, screen) in [("shift sheet", shopHead.view(sheet, width: 80, height: 24)),
                                   ("printed", shopHead.view(printed, width: 80, height: 24)),
                                   ("director's period", director.view(period, width: 80, height: 24)),
                                   ("queued", director.view(queued, width: 80, height: 24)),
                                   ("help", director.view(run(director, period, Self.press("F1")).0, width: 80, height: 24))] {
                text += "== \(language.rawValue) \(name)\n\(screen.text)\n"
            }
        }
        try Golden.check(text, file: "reports.txt")
    }
}
