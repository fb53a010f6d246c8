@testable import Consoles
@testable import FactoryCore
import Foundation
import Testing

/// The finance console: a month's KPI and payroll read, generated, approved with the PIN,
/// corrected with a reason, exported; golden screens in three languages.
@Suite struct FinanceKioskTests {
    static let kpiID = KPISnapshot.ID()
    static func kpi(_ status: SnapshotStatus, version: Int64 = 1) -> KPISnapshot {
        KPISnapshot(
            id: kpiID, periodStart: Timestamp(parsing: "2026-11-01T03:00:00Z")!, periodEnd: Timestamp(parsing: "2026-12-01T03:00:00Z")!,
            scope: "*", version: version, supersedes: nil, reason: nil, status: status,
            config: .init(bonusAt100: Money(minorUnits: 100_000_000), cap: .hundred, allowManual: false), bonusTotal: Money(minorUnits: 15_017_000),
            generatedBy: "moliya", generatedAt: Timestamp(parsing: "2026-12-01T05:00:00Z")!, approvedBy: status == .approved ? "moliya" : nil,
            approvedAt: nil,
            lines: [
                .init(workcenterCode: "E1", day: "2026-11-25", shift: .day, uom: .kg, actualCrew: 2, planMilli: 600_000, factMilli: 90_100,
                      achievement: Percent(units: 15_017), bonus: Money(minorUnits: 15_017_000), note: nil, shares: [
                          .init(username: "op.aziz", fullName: "Aziz Karimov", minutes: 720, share: Money(minorUnits: 8_191_091)),
                          .init(username: "op.dilshod", fullName: "Dilshod Rahimov", minutes: 600, share: Money(minorUnits: 6_825_909)),
                      ]),
                .init(workcenterCode: "E2", day: "2026-11-25", shift: .night, uom: .kg, actualCrew: 0, planMilli: 0, factMilli: 0,
                      achievement: .zero, bonus: .zero, note: "no_attendance", shares: []),
            ],
            excluded: [.init(qrCode: "E2-20261125-0003", workcenterCode: "E2", day: "2026-11-25", shift: .night, quantityMilli: 31_200,
                             reason: "manual_weight")])
    }
    static let payroll = PayrollSnapshot(
        id: PayrollSnapshot.ID(), month: "2026-11", version: 1, supersedes: nil, reason: nil, status: .draft, includeAdvance: true,
        netTotal: Money(minorUnits: 210_017_000), generatedBy: "moliya", generatedAt: Timestamp(parsing: "2026-12-01T05:00:00Z")!,
        approvedBy: nil, approvedAt: nil, lines: [
            .init(username: "op.aziz", fullName: "Aziz Karimov", base: Money(minorUnits: 300_000_000), kpiBonus: Money(minorUnits: 8_191_091),
                  advance: Money(minorUnits: 100_000_000), penalties: Money(minorUnits: 5_000_000), net: Money(minorUnits: 203_191_091)),
            .init(username: "op.dilshod", fullName: "Dilshod Rahimov", base: .zero, kpiBonus: Money(minorUnits: 6_825_909), advance: .zero,
                  penalties: .zero, net: Money(minorUnits: 6_825_909)),
        ])

    static func keys(_ text: String) -> [KeyInput] { text.map { .key(.character($0)) } }
    static func press(_ names: String...) -> [KeyInput] { names.map { .key(.named($0)) } }

    final class Plant: FinanceClient, @unchecked Sendable {
        var made: [String] = []
        var answers: [String: FinanceKiosk.Event] = [:]
        func answer(_ call: String, _ key: String) -> FinanceKiosk.Event {
            made.append(call)
            guard let answer = answers[key] else { Issue.record("unexpected \(call)"); return .refused(Failure(code: "x", message: "x")) }
            return answer
        }
        func month(_ month: String) -> FinanceKiosk.Event { answer("month \(month)", "month") }
        func generate(_ page: FinanceKiosk.Page, month: String, reason: String?) -> FinanceKiosk.Event {
            answer("generate \(page) \(month) \(reason ?? "-")", "generate")
        }
        func approve(_ page: FinanceKiosk.Page, month: String, pin: String) -> FinanceKiosk.Event { answer("approve \(page) \(month) \(pin)", "approve") }
        func export(_ page: FinanceKiosk.Page, month: String) -> FinanceKiosk.Event { answer("export \(page) \(month)", "export") }
    }

    @Test func aMonthIsGeneratedApprovedWithThePINCorrectedWithAReasonAndExported() throws {
        let kiosk = FinanceKiosk(chrome: try CatalogueTests.chrome(.en))
        let plant = Plant()
        let draft = FinanceKiosk.Month(kpi: Self.kpi(.draft), payroll: nil)
        let approved = FinanceKiosk.Month(kpi: Self.kpi(.approved), payroll: nil)
        plant.answers = ["generate": .generated(.kpi, draft), "approve": .approved(.kpi, approved), "export": .exported(["exports/kpi-all-2026-11-01-v1.csv"], bitrix: .pending),
                         "month": .loaded(month: "2026-10", .init(kpi: nil, payroll: nil))]
        let start = FinanceKiosk.State(user: "moliya", month: "2026-11")
        let inputs = Self.press("F5", "F2", "F5") + Self.keys("6601") + Self.press("Enter", "F8")
        let (state, _) = ConsoleClientTests.drive(kiosk, start, inputs) { FinancePage.handle($0, plant) }
        #expect(plant.made == ["generate kpi 2026-11 -", "approve kpi 2026-11 6601", "export kpi 2026-11"],
                "F5 before anything exists asks nothing of the plant")
        #expect(state.outcome == .exported(["exports/kpi-all-2026-11-01-v1.csv"], bitrix: .pending) && state.figures == approved)

        // An approved version: Generate asks the correction's reason, then the PIN.
        plant.made = []
        plant.answers["generate"] = .generated(.kpi, .init(kpi: Self.kpi(.draft, version: 2), payroll: nil))
        let corrected = ConsoleClientTests.drive(kiosk, state, Self.press("F2", "Enter") + Self.keys("late roll") + Self.press("Enter")
                                                   + Self.keys("6601") + Self.press("Enter")) { FinancePage.handle($0, plant) }.state
        #expect(plant.made == ["generate kpi 2026-11 late roll"] && corrected.outcome == .generated(.kpi, version: 2))
        #expect(kiosk.update(state, .input(.key(.named("F5")))).0.notice == Notice("kiosk.finance.already_approved"))

        // Tab to payroll, PgUp to October.
        plant.made = []
        let october = ConsoleClientTests.drive(kiosk, state, Self.press("Tab", "PageUp")) { FinancePage.handle($0, plant) }.state
        #expect(plant.made == ["month 2026-10"] && october.month == "2026-10" && october.page == .payroll && october.figures.kpi == nil)
        #expect(PlantCalendar.month("2026-01", adding: -1) == "2025-12" && PlantCalendar.month("2026-12", adding: 1) == "2027-01")
    }

    @Test func everyFinanceScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = FinanceKiosk(chrome: try CatalogueTests.chrome(language))
            let empty = FinanceKiosk.State(user: "moliya", month: "2026-11")
            let generated = kiosk.update(empty, .generated(.kpi, .init(kpi: Self.kpi(.draft), payroll: nil))).0
            let approving = kiosk.update(generated, .input(.key(.named("F5")))).0
            var payroll = kiosk.update(generated, .approved(.kpi, .init(kpi: Self.kpi(.approved), payroll: Self.payroll))).0
            payroll = kiosk.update(payroll, .input(.key(.named("Tab")))).0
            let refused = kiosk.update(payroll, .refused(Failure(FactoryError.conflict("kpi_not_approved", "draft")))).0
            let exported = kiosk.update(payroll, .exported(["exports/payroll-2026-11-v1.csv", "exports/payroll-2026-11-v1.xlsx"], bitrix: .sent)).0
            for (name, state) in [("empty month", empty), ("kpi generated", generated), ("approving", approving), ("payroll", payroll),
                                  ("refused", refused), ("exported", exported)] {
                text += "== \(language.rawValue) \(name)\n\(kiosk.view(state, width: 80, height: 24).text)\n"
            }
        }
        try Golden.check(text, file: "finance.txt")
    }
}
