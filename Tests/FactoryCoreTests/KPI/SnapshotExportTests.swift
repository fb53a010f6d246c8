import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Exports of pay (spec §7): CSV and XLSX, watermarked with who took them, when and of which
/// version, audited, and personal figures only for those who may read them.
@Suite struct SnapshotExportTests {
    /// The UAT plant's closed E1 shift, its KPI approved, and November's payroll as a draft.
    func payroll(_ floor: Floor) throws -> (Actor, KPISnapshot, PayrollSnapshot) {
        let kpiTests = KPIServiceTests()
        let session = try E2E01Tests().runSession(floor)
        _ = try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        let finance = try kpiTests.configured(floor)
        let services = floor.services
        return try services.perform { db in
            try services.payroll.setRate(db, by: finance, username: "op.aziz", month: "2026-11",
                                         base: Money(minorUnits: 300_000_000), advance: Money(minorUnits: 100_000_000))
            let kpi = try services.kpi.approve(db, by: finance, try services.kpi.generate(db, by: finance, from: kpiTests.dayStart, to: kpiTests.dayEnd).id)
            return (finance, kpi, try services.payroll.generate(db, by: finance, month: "2026-11", includeAdvance: true))
        }
    }

    @Test(arguments: TestBackends.all)
    func aPayrollExportIsWatermarkedAndAudited(backend: Backend) throws {
        let floor = try Floor(backend)
        let (finance, _, payroll) = try payroll(floor)
        let csv = try floor.services.perform { try floor.services.exports.payroll($0, by: finance, payroll.id, format: .csv) }
        #expect(csv.name == "payroll-2026-11-v1.csv" && csv.rows == 2)
        #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark, so that Excel reads the names right")
        let lines = String(decoding: csv.bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0] == "ISOCOM · confidential · payroll 2026-11 v1 (draft) · exported by \(finance.username) (Test moliya) at 2026-11-25T06:01:00.000000Z")
        #expect(lines[2] == "username,full_name,base_salary,kpi_bonus,avans,penalties,net_pay")
        #expect(lines[3] == "op.aziz,Aziz Karimov,3000000.00,81910.91,1000000.00,0.00,2081910.91")
        #expect(lines[4] == "op.dilshod,Dilshod Rahimov,0.00,68259.09,0.00,0.00,68259.09")

        let xlsx = try floor.services.perform { try floor.services.exports.payroll($0, by: finance, payroll.id, format: .xlsx) }
        #expect(Array(xlsx.bytes.prefix(2)) == Array("PK".utf8), "an XLSX file is a zip")
        // Constant-memory mode writes text in the sheet itself, not in a shared table.
        let strings = try Self.unzipped(xlsx.bytes, "xl/worksheets/sheet1.xml")
        #expect(strings.contains(xlsx.watermark) && strings.contains("Dilshod Rahimov") && strings.contains("net_pay"))
        #expect(try Self.unzipped(xlsx.bytes, "docProps/core.xml").contains(xlsx.watermark), "the watermark is in the file's properties too")
        #expect(try Self.unzipped(xlsx.bytes, "xl/worksheets/sheet1.xml").contains("2081910.91"))

        let audited = try floor.factory.db.read { db in
            try db.query("SELECT actor_id, object_id, old_new_diff_json FROM audit_log WHERE action = 'export.created' ORDER BY seq").map {
                [try $0.string("actor_id"), try $0.string("object_id"), try $0.string("old_new_diff_json")]
            }
        }
        #expect(audited.count == 2 && audited.allSatisfy { $0[0] == finance.userID.text && $0[1] == payroll.id.text })
        #expect(audited[0][2].contains("\"format\":\"csv\"") && audited[1][2].contains("\"format\":\"xlsx\"") && audited[0][2].contains("\"rows\":2"))
        #expect(!audited.joined().joined().contains("2081910"), "the audit row names the export, not anyone's pay")

        #expect {
            try floor.services.perform { try floor.services.exports.payroll($0, by: floor.shopHead, payroll.id, format: .csv) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func aKPIExportShowsEachPersonsShareOnlyToReadersOfPay(backend: Backend) throws {
        let floor = try Floor(backend)
        let (finance, kpi, _) = try payroll(floor)
        let full = try floor.services.perform { try floor.services.exports.kpi($0, by: finance, kpi.id, format: .csv) }
        let lines = String(decoding: full.bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        // The test's period runs midnight to midnight, so it touches the plant day before (which
        // runs from one day shift's start to the next).
        #expect(full.name == "kpi-all-2026-11-24-v1.csv")
        #expect(lines[0].contains("KPI all lines 2026-11-24…2026-11-25 v1 (approved)"))
        #expect(lines[2] == "workcenter,day,shift,uom,actual_crew,plan,fact,achievement_pct,bonus,note,username,full_name,hours,share")
        #expect(lines[3] == "E1,2026-11-25,day,kg,2,600.000,90.100,15.017,150170.00,,op.aziz,Aziz Karimov,12.00,81910.91")
        #expect(lines[4] == "E1,2026-11-25,day,kg,2,600.000,90.100,15.017,150170.00,,op.dilshod,Dilshod Rahimov,10.00,68259.09")

        let lineOnly = try floor.services.perform { try floor.services.exports.kpi($0, by: floor.shopHead, kpi.id, format: .csv) }
        let shopHeads = String(decoding: lineOnly.bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(shopHeads[2] == "workcenter,day,shift,uom,actual_crew,plan,fact,achievement_pct,bonus,note")
        #expect(shopHeads[3] == "E1,2026-11-25,day,kg,2,600.000,90.100,15.017,150170.00," && lineOnly.rows == 1)
        #expect(!shopHeads.joined().contains("Aziz"), "the shop head reads the line's figures, not anyone's pay")
    }

    @Test func aNameThatLooksLikeAFormulaIsWrittenAsText() throws {
        let table = ExportTable(title: "t", watermark: "w", columns: ["name"], rows: [[.text("=HYPERLINK(\"x\")")], [.text("-5")], [.text("Aziz")]])
        let text = String(decoding: try ExportFormat.csv.write(table).dropFirst(3), as: UTF8.self)
        #expect(text == "w\r\n\r\nname\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n'-5\r\nAziz\r\n")
    }

    /// One member of a zip file, read back with Python's zipfile (the reader every CI machine has).
    static func unzipped(_ bytes: [UInt8], _ member: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).xlsx")
        try Data(bytes).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
                             path.path, member]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
