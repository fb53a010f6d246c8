import FactoryCore
import FactoryTestSupport
import Testing

/// The month's payroll from the approved KPI (B26): base + bonus − advance − penalties, personal
/// data behind `payroll.view_pii`, frozen once approved.
@Suite struct PayrollServiceTests {
    @Test(arguments: TestBackends.all)
    func theMonthsPayrollFollowsFromTheApprovedKPI(backend: Backend) throws {
        let floor = try Floor(backend)
        let kpiTests = KPIServiceTests()
        let session = try E2E01Tests().runSession(floor)
        _ = try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        let finance = try kpiTests.configured(floor)
        let services = floor.services
        try services.perform { db in
            try services.payroll.setRate(db, by: finance, username: "op.aziz", month: "2026-11",
                                         base: Money(minorUnits: 300_000_000), advance: Money(minorUnits: 100_000_000))
            try services.payroll.recordPenalty(db, by: finance, username: "op.aziz", month: "2026-11", kind: "late", count: 1, note: "came at 08:40")
        }
        #expect {
            try services.perform { try services.payroll.generate($0, by: finance, month: "2026-11", includeAdvance: true) }
        } throws: { ($0 as? FactoryError)?.reason == "kpi_missing" }
        let kpi = try services.perform { try services.kpi.generate($0, by: finance, from: kpiTests.dayStart, to: kpiTests.dayEnd) }
        #expect {
            try services.perform { try services.payroll.generate($0, by: finance, month: "2026-11", includeAdvance: true) }
        } throws: { ($0 as? FactoryError)?.reason == "kpi_not_approved" }
        _ = try services.perform { try services.kpi.approve($0, by: finance, kpi.id) }

        let payroll = try services.perform { try services.payroll.generate($0, by: finance, month: "2026-11", includeAdvance: true) }
        // aziz: 3,000,000.00 + 81,910.91 − 1,000,000.00 − 50,000.00; dilshod: his share alone.
        #expect(payroll.lines.map(\.username) == ["op.aziz", "op.dilshod"])
        #expect(payroll.lines[0].net == Money(minorUnits: 203_191_091) && payroll.lines[0].penalties == Money(minorUnits: 5_000_000))
        #expect(payroll.lines[1].net == Money(minorUnits: 6_825_909) && payroll.lines[1].base == Money(minorUnits: 0))
        #expect(payroll.netTotal == Money(minorUnits: 210_017_000))

        #expect {
            try floor.factory.db.read { try services.payroll.find($0, by: floor.shopHead, payroll.id) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        #expect {
            try services.perform { try services.payroll.approve($0, by: floor.shopHead, payroll.id) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        let approved = try services.perform { try services.payroll.approve($0, by: finance, payroll.id) }
        #expect(approved.status == .approved)
        #expect {
            try services.perform { try services.payroll.generate($0, by: finance, month: "2026-11", includeAdvance: false) }
        } throws: { ($0 as? FactoryError)?.reason == "snapshot_approved" }
        let corrected = try services.perform {
            try services.payroll.generate($0, by: finance, month: "2026-11", includeAdvance: false, reason: "the advance is paid next month")
        }
        #expect(corrected.version == 2 && corrected.lines[0].net == Money(minorUnits: 303_191_091))
        #expect(try floor.factory.db.read { try services.payroll.find($0, by: finance, payroll.id) } == approved)
        #expect(try floor.factory.db.read { try services.payroll.list($0, by: finance, month: "2026-11") }.map(\.version) == [2, 1])
        let audited = try floor.factory.db.read { db in
            try db.query("SELECT old_new_diff_json FROM audit_log WHERE action LIKE 'payroll.%'").map { try $0.string("old_new_diff_json") }
        }
        #expect(!audited.contains { $0.contains("2031910") }, "the audit log carries no one's pay")
    }

    @Test(arguments: TestBackends.all)
    func badMonthsAndUnpricedPenaltiesAreRefused(backend: Backend) throws {
        let floor = try Floor(backend)
        let finance = try KPIServiceTests().configured(floor)
        let services = floor.services
        func reason(_ body: (any SQLConnection) throws -> Void) -> String? {
            do { try services.perform(body); return nil } catch { return (error as? FactoryError)?.reason }
        }
        #expect(reason { try services.payroll.setRate($0, by: finance, username: "op.aziz", month: "2026-13", base: Money(minorUnits: 1), advance: Money(minorUnits: 0)) } == "bad_month")
        #expect(reason { try services.payroll.recordPenalty($0, by: finance, username: "op.aziz", month: "2026-11", kind: "sleeping", count: 1, note: nil) } == "unknown_penalty")
        #expect(reason { try _ = services.payroll.generate($0, by: finance, month: "2026-10", includeAdvance: true) } == "kpi_missing")
        #expect(try floor.factory.count("pay_rates") == 0 && floor.factory.count("penalties") == 0)
    }
}
