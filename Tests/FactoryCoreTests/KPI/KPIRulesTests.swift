import FactoryCore
import Testing

/// The KPI formula, the crew split and payroll arithmetic over plain numbers (DIGEST §3, B26).
@Suite struct KPIRulesTests {
    @Test func thePlanFollowsTheShiftAndTheCrewAgainstTheNorm() {
        // 1,200 kg a day, a 12 h shift, norm crew 2.
        #expect(KPIFormula.planUnit(plan24hMilli: 1_200_000, shiftHours: 12, actualCrew: 2, normCrew: 2) == 600_000)
        #expect(KPIFormula.planUnit(plan24hMilli: 1_200_000, shiftHours: 12, actualCrew: 3, normCrew: 2) == 900_000,
                "a crew larger than the norm is planned to make more")
        #expect(KPIFormula.planUnit(plan24hMilli: 1_200_000, shiftHours: 12, actualCrew: 1, normCrew: 2) == 300_000)
        #expect(KPIFormula.planUnit(plan24hMilli: 1_200_000, shiftHours: 12, actualCrew: 0, normCrew: 2) == 0, "no crew, no plan")
        // 1,000 kg × 8/24 × 1/3 = 111.111… kg: half up to the gram.
        #expect(KPIFormula.planUnit(plan24hMilli: 1_000_000, shiftHours: 8, actualCrew: 1, normCrew: 3) == 111_111)
    }

    @Test func achievementIsCappedAndAZeroPlanEarnsNothing() {
        let cap = Percent.hundred
        #expect(KPIFormula.achievement([.init(factMilli: 90_100, planMilli: 600_000)], cap: cap) == Percent(units: 15_017))
        #expect(KPIFormula.achievement([.init(factMilli: 700_000, planMilli: 600_000)], cap: cap) == .hundred, "capped at 100 %")
        #expect(KPIFormula.achievement([.init(factMilli: 700_000, planMilli: 600_000)], cap: .whole(120)) == Percent(units: 116_667))
        #expect(KPIFormula.achievement([.init(factMilli: 50_000, planMilli: 0)], cap: cap) == Percent(units: 0))
        // Two SKUs in one shift: each adds its share of its own plan.
        #expect(KPIFormula.achievement([.init(factMilli: 150_000, planMilli: 600_000), .init(factMilli: 225_000, planMilli: 450_000)],
                                       cap: cap) == .whole(75))
    }

    @Test func theBonusIsRoundedHalfUpToTheMinorUnit() {
        #expect(KPIFormula.bonus(at100: Money(minorUnits: 100_000_000), achievement: Percent(units: 15_017)) == Money(minorUnits: 15_017_000))
        #expect(KPIFormula.bonus(at100: Money(minorUnits: 333), achievement: Percent(units: 50_000)) == Money(minorUnits: 167))
        #expect(KPIFormula.bonus(at100: Money(minorUnits: 333), achievement: .hundred) == Money(minorUnits: 333))
    }

    @Test func aCrewsSharesAddUpToTheBonusExactly() {
        let crew: [CrewSplit.Member] = [.init(key: "a", minutes: 720), .init(key: "b", minutes: 600)]
        #expect(CrewSplit.shares(of: Money(minorUnits: 15_017_000), over: crew).map(\.minorUnits) == [8_191_091, 6_825_909])
        // Three equal crew members and a bonus that does not divide: the first in order gets the extra unit.
        let three: [CrewSplit.Member] = [.init(key: "a", minutes: 60), .init(key: "b", minutes: 60), .init(key: "c", minutes: 60)]
        #expect(CrewSplit.shares(of: Money(minorUnits: 100), over: three).map(\.minorUnits) == [34, 33, 33])
        for amount: Int64 in [1, 7, 99_999, 1_234_567] {
            let odd: [CrewSplit.Member] = [.init(key: "a", minutes: 7), .init(key: "b", minutes: 13), .init(key: "c", minutes: 29)]
            #expect(CrewSplit.shares(of: Money(minorUnits: amount), over: odd).reduce(0) { $0 + $1.minorUnits } == amount)
        }
        #expect(CrewSplit.shares(of: Money(minorUnits: 100), over: [.init(key: "a", minutes: 0)]) == [Money(minorUnits: 0)],
                "no minutes worked: no one to pay")
    }

    @Test func payrollIsBasePlusBonusLessAdvanceAndPenalties() {
        let line = PayrollArithmetic.line(base: Money(minorUnits: 300_000_000), kpiBonus: Money(minorUnits: 15_017_000),
                                          advance: Money(minorUnits: 100_000_000), penalties: Money(minorUnits: 5_000_000), includeAdvance: true)
        #expect(line.net == Money(minorUnits: 210_017_000))
        let before = PayrollArithmetic.line(base: Money(minorUnits: 300_000_000), kpiBonus: Money(minorUnits: 0),
                                            advance: Money(minorUnits: 100_000_000), penalties: Money(minorUnits: 0), includeAdvance: false)
        #expect(before.net == Money(minorUnits: 300_000_000) && before.advance == Money(minorUnits: 0))
        let owed = PayrollArithmetic.line(base: Money(minorUnits: 0), kpiBonus: Money(minorUnits: 0), advance: Money(minorUnits: 10),
                                          penalties: Money(minorUnits: 0), includeAdvance: true)
        #expect(owed.net == Money(minorUnits: -10), "a net below zero is shown, not clipped")
        #expect(PayrollArithmetic.penalty(count: 3, amount: Money(minorUnits: 5_000_000)) == Money(minorUnits: 15_000_000))
    }
}

/// Which rolls count in a shift's fact, and what a shift without a crew or output comes to.
@Suite struct KPICalculationTests {
    let shift = Timestamp(parsing: "2026-11-25T03:00:00Z")!
    let norm = KPIFacts.Norm(skuID: "sku", workcenterID: "E1", plan24hMilli: 1_200_000, uom: .kg, normCrew: 2, shiftHours: 12)

    func roll(_ id: String, grams: Int64, trusted: Bool = true, overridden: Bool = false, qcOK: Bool = true, closed: Bool = true) -> KPIFacts.Roll {
        KPIFacts.Roll(packageID: id, qrCode: "QR-\(id)", workcenterID: "E1", shiftStart: shift, skuID: "sku", skuCode: "POL-10",
                      weight: Grams(grams), lengthUM: nil, widthUM: nil, weightTrusted: trusted, lengthTrusted: true,
                      overridden: overridden, qcOK: qcOK, sessionClosed: closed)
    }

    func crew(_ minutes: [Int64]) -> [KPIFacts.Attendance] {
        minutes.enumerated().map { KPIFacts.Attendance(userID: "u\($0.offset)", username: "user.\($0.offset)", workcenterID: "E1",
                                                       shiftStart: shift, minutes: $0.element) }
    }

    func compute(_ rolls: [KPIFacts.Roll], crew minutes: [Int64] = [720, 720], allowManual: Bool = false) -> KPICalculation.Outcome {
        KPICalculation.compute(KPIFacts(rolls: rolls, norms: [norm], attendance: crew(minutes),
                                        config: .init(bonusAt100: Money(minorUnits: 1_000_000), cap: .hundred, allowManual: allowManual)))
    }

    @Test func aTypedWeightIsLeftOutUntilTheShopHeadOverridesIt() throws {
        let excluded = compute([roll("a", grams: 300_000), roll("m", grams: 100_000, trusted: false)])
        #expect(excluded.results.first?.factMilli == 300_000)
        #expect(excluded.exclusions.map(\.reason) == [.manualWeight] && excluded.exclusions.first?.quantityMilli == 100_000)
        let overridden = compute([roll("a", grams: 300_000), roll("m", grams: 100_000, trusted: false, overridden: true)])
        #expect(overridden.results.first?.factMilli == 400_000 && overridden.exclusions.isEmpty)
        #expect(compute([roll("m", grams: 100_000, trusted: false)], allowManual: true).results.first?.factMilli == 100_000,
                "a plant that allows manual records counts them")
    }

    @Test func onlyRollsPassedByQCInClosedSessionsCount() {
        let outcome = compute([roll("ok", grams: 300_000), roll("wait", grams: 50_000, qcOK: false), roll("open", grams: 70_000, closed: false)])
        let result = outcome.results[0]
        #expect(result.factMilli == 300_000 && result.planMilli == 600_000 && result.achievement == .whole(50))
        #expect(result.bonus == Money(minorUnits: 500_000) && result.shares.map(\.share) == [Money(minorUnits: 250_000), Money(minorUnits: 250_000)])
        #expect(Set(outcome.exclusions.map(\.reason)) == [.pendingQC, .sessionOpen])
    }

    @Test func aShiftWithoutAttendanceEarnsNoBonusAndSaysSo() {
        let outcome = compute([roll("a", grams: 300_000)], crew: [])
        #expect(outcome.results.count == 1)
        #expect(outcome.results[0].note == .noAttendance && outcome.results[0].bonus == Money(minorUnits: 0) && outcome.results[0].planMilli == 0)
        let idle = compute([], crew: [720])
        #expect(idle.results[0].note == .noOutput && idle.results[0].bonus == Money(minorUnits: 0) && idle.results[0].shares.count == 1)
    }

    @Test func aCrewLargerThanTheNormRaisesThePlan() {
        let result = compute([roll("a", grams: 600_000)], crew: [720, 720, 720]).results[0]
        #expect(result.actualCrew == 3 && result.planMilli == 900_000 && result.achievement == Percent(units: 66_667))
        #expect(result.shares.reduce(0) { $0 + $1.share.minorUnits } == result.bonus.minorUnits)
    }
}
