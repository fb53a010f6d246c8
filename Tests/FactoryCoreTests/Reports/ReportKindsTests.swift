import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Each report type on the known facts of the UAT plant (M13/M14): the E2E-01 session closed,
/// its KPI approved, a grinder order that lost 23 %. The files are read back as a reader would
/// get them: CSV text, the XLSX sheet's cells, the PDF's text through `pdftotext`.
@Suite struct ReportKindsTests {
    struct Plant {
        let floor: Floor
        let director: Actor
        let runner: ReportRunner

        init(_ backend: Backend, settings: [String: String] = [:]) throws {
            floor = try Floor(backend, settings: settings)
            _ = try SnapshotExportTests().payroll(floor)
            _ = try floor.lossyGrinderOrder()
            director = try floor.factory.actor(.direktor, "direktor.test")
            runner = ReportRunner(services: floor.services, directory: URL(fileURLWithPath: floor.services.configuration.reportDirectory),
                                  words: try Locales(directory: TestFactory.repositoryRoot.appendingPathComponent("locales")))
        }

        func run(_ request: ReportRequest) throws -> (job: ReportJobs.Job, bytes: [UInt8]) {
            let queued = try floor.services.perform { try floor.services.reports.submit($0, by: director, request) }
            let job = try #require(try runner.runNext())
            #expect(job.id == queued.id && job.status == .done, "\(job.error ?? "")")
            let file = try #require(runner.file(of: job))
            return (job, Array(try Data(contentsOf: file)))
        }

        /// The CSV's lines after the byte-order mark, split into fields (the facts hold no commas).
        func csv(_ request: ReportRequest) throws -> [[String]] {
            let bytes = try run(request).bytes
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            return String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").map { $0.components(separatedBy: ",") }
        }
    }

    static let november = (from: "2026-11-20", to: "2026-11-30")

    @Test(arguments: TestBackends.all)
    func theFloorReportsSayWhatHappened(backend: Backend) throws {
        let plant = try Plant(backend)
        plant.floor.factory.clock.advance(seconds: 10 * 86_400)

        let qc = try plant.csv(ReportRequest(type: .qcDefect, format: .csv, from: Self.november.from, to: Self.november.to, language: .en))
        #expect(qc[0][0].hasPrefix("ISOCOM · QC decisions and defects · 2026-11-20 – 2026-11-30 · taken by direktor.test"))
        #expect(qc[2] == ["decided_at", "qr_code", "workcenter", "sku", "partiya", "shift", "decision", "weight_kg", "inspector", "protocol"])
        #expect(qc[3...5].map { [$0[2], $0[3], $0[4], $0[6], $0[7], $0[9]] } == [
            ["E1", "POL-10", "P-E1-1", "QC OK", "30.000", "visual: ok; width_mm: 1000"],
            ["E1", "POL-10", "P-E1-1", "QC OK", "30.200", "visual: ok; width_mm: 1000"],
            ["E1", "POL-10", "P-E1-1", "QC OK", "29.900", "visual: ok; width_mm: 1000"],
        ])
        #expect(qc.contains(["Decisions: OK 3 · partial 0 · rejected 0"]))
        // Another line has no decisions.
        let e2 = try plant.csv(ReportRequest(type: .qcDefect, format: .csv, from: Self.november.from, to: Self.november.to, workcenter: "E2", language: .en))
        #expect(e2[3] == [""] && e2.contains(["Decisions: OK 0 · partial 0 · rejected 0"]))

        let aging = try plant.csv(ReportRequest(type: .fgAging, format: .csv, from: Self.november.from, to: Self.november.to, language: .en))
        #expect(aging[3...5].map { [$0[1], $0[4], $0[8], $0[9]] } == [["POL-10", "30.000", "10", "8–30 days"], ["POL-10", "30.200", "10", "8–30 days"],
                                                                      ["POL-10", "29.900", "10", "8–30 days"]])

        let delta = try plant.csv(ReportRequest(type: .sessionDeltaWatch, format: .csv, from: Self.november.from, to: Self.november.to, language: .en))
        #expect(Array(delta[3][6...15]) == ["100.000", "90.100", "5.000", "4.900", "0.000", "0.000", "4.900", "0.000", "1.000", "0.000"])

        let trusted = try plant.csv(ReportRequest(type: .rsTrusted, format: .csv, from: Self.november.from, to: Self.november.to, language: .en))
        let total = try #require(trusted.first { $0.first == "Total" })
        #expect(total[3] == total[2] && total[4] == "0" && total[5] == "100.000", "every weighing of the plant came from a scale")
        #expect(trusted.contains { $0 == ["2026-11-25", "packages", "3", "3", "0", "100.000"] })

        let loss = try plant.csv(ReportRequest(type: .reworkLoss, format: .csv, from: Self.november.from, to: Self.november.to, language: .en))
        #expect(Array(loss[3][4...8]) == ["19.500", "15.000", "4.500", "23.077", "yes"])

        let kpi = try plant.csv(ReportRequest(type: .kpiRollup, format: .csv, from: Self.november.from, to: Self.november.to, language: .en))
        #expect(kpi[2] == ["Shifts"] && kpi[4] == ["E1", "2026-11-25", "day", "kg", "2", "600.000", "90.100", "15.017", "150170.00", "1"])
        let lines = try #require(kpi.firstIndex(of: ["Lines"]))
        #expect(kpi[lines + 2] == ["E1", "1", "kg", "600.000", "90.100", "15.017", "150170.00"])

        let shift = try plant.csv(ReportRequest(type: .shift, format: .csv, day: "2026-11-25", shift: .day, language: .en))
        #expect(shift[0][0].contains("Shift handover report · 2026-11-25 · day shift"))
        let session = try #require(shift.first { $0.first == "E1" })
        #expect(session == ["E1", "P-E1-1", "POL-10", "closed", "100.000", "90.100", "4.900", "0.000", "1.000", "3", "0", "0", "0"])
        #expect(shift.contains(["Gates hit"]) && shift.contains(["Approvals"]) && shift.contains(["Scales offline"]))
    }

    @Test(arguments: TestBackends.all)
    func spreadsheetsAndDocumentsCarryTheSameFiguresInTheReadersLanguage(backend: Backend) throws {
        let plant = try Plant(backend)
        let xlsx = try plant.run(ReportRequest(type: .sessionDeltaWatch, format: .xlsx, from: Self.november.from, to: Self.november.to, language: .ru))
        #expect(xlsx.job.fileName == "session_delta_watch-2026-11-20-2026-11-30.xlsx" && xlsx.job.rows == 1)
        let sheet = try SnapshotExportTests.unzipped(xlsx.bytes, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains("Дельта баланса сессий") && sheet.contains("Вход, кг") && sheet.contains("P-E1-1"))
        // libxlsxwriter writes 17 digits (90.1 as 90.09999999999999), which Excel reads as 90.1.
        let numbers = sheet.components(separatedBy: "<v>").dropFirst().compactMap { Double($0.prefix { $0 != "<" }) }
        #expect(Array(numbers.prefix(4)).map { ($0 * 1000).rounded() } == [100_000, 90_100, 5_000, 4_900], "amounts are numbers")

        let pdf = try plant.run(ReportRequest(type: .qcDefect, format: .pdf, from: Self.november.from, to: Self.november.to, language: .uz))
        #expect(Array(pdf.bytes.prefix(5)) == Array("%PDF-".utf8))
        let text = try PDFText.of(pdf.bytes)
        #expect(text.contains("ISOCOM") && text.contains("OTK qarorlari va nuqsonlar") && text.contains("2026-11-20 – 2026-11-30"))
        #expect(text.contains("30.200") && text.contains("29.900") && text.contains("OTK yaroqli"))
        #expect(text.contains("1-bet, jami 1"), "each page says where it is")

        let russian = try PDFText.of(try plant.run(ReportRequest(type: .sessionDeltaWatch, format: .pdf, from: Self.november.from,
                                                                   to: Self.november.to, language: .ru)).bytes)
        #expect(russian.contains("Дельта и лимит по сессиям") && russian.contains("100.000"), "Cyrillic prints, and the chart has its page")
    }

    @Test(arguments: TestBackends.all)
    func aReportStopsAtTheRowLimitWithANote(backend: Backend) throws {
        let plant = try Plant(backend, settings: ["REPORT_MAX_ROWS": "2"])
        let lines = try plant.csv(ReportRequest(type: .qcDefect, format: .csv, from: Self.november.from, to: Self.november.to, language: .en))
        #expect(lines.filter { $0.count == 10 }.count == 3, "the header and two rows")
        #expect(lines.contains { $0.first?.hasPrefix("Stopped at 2 rows (REPORT_MAX_ROWS)") == true })
    }
}
