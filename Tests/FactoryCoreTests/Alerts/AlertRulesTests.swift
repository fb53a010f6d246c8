import FactoryCore
import Testing

/// Each rule at its threshold and one unit either side (spec §20): the unit is a second of
/// silence, one weighing, one queue item, one second of calibration left, one gram of delta.
@Suite struct AlertRulesTests {
    let now = Timestamp(parsing: "2026-11-25T06:00:00Z")!
    let limits = AlertThresholds()

    func rules(_ facts: AlertFacts) -> [AlertRule] { AlertRules.findings(facts, limits, now: now).map(\.rule) }

    @Test func aScaleIsSilentAfterMoreThanTwoMinutesOfARunningLine() {
        func silent(for seconds: Int64) -> [AlertFinding] {
            var facts = AlertFacts()
            facts.runningScales = [.init(code: "scale-E1-pack-01", heardSince: now.adding(seconds: -seconds))]
            return AlertRules.findings(facts, limits, now: now)
        }
        #expect(silent(for: 119).isEmpty && silent(for: 120).isEmpty)
        #expect(silent(for: 121) == [AlertFinding(rule: .ingestSilent, object: "scale-E1-pack-01", valueMilli: 121_000, thresholdMilli: 120_000)])
    }

    @Test func theShiftsRSShareBelowNinetyFivePercentIsP2() {
        func share(_ trusted: Int64, of all: Int64) -> [AlertRule] {
            var facts = AlertFacts()
            facts.shiftWeighings = (trusted, all)
            return rules(facts)
        }
        #expect(share(96, of: 100).isEmpty && share(95, of: 100).isEmpty)
        #expect(share(94, of: 100) == [.rsTrustedRatio] && AlertRule.rsTrustedRatio.severity == .p2)
        #expect(share(0, of: 0).isEmpty, "nothing weighed yet is not a bad share")
    }

    @Test func moreThanAHundredItemsWaitingForBitrix24IsP2() {
        func backlog(_ n: Int64) -> [AlertRule] {
            var facts = AlertFacts()
            facts.backlog = n
            return rules(facts)
        }
        #expect(backlog(99).isEmpty && backlog(100).isEmpty && backlog(101) == [.integrationBacklog])
    }

    @Test func aCalibrationDueWithinSevenDaysIsP3() {
        func due(in seconds: Int64) -> [AlertRule] {
            var facts = AlertFacts()
            facts.calibrations = [.init(code: "scale-MAIN-01", dueAt: now.adding(seconds: seconds))]
            return rules(facts)
        }
        let week: Int64 = 7 * 86_400
        #expect(due(in: week + 1).isEmpty)
        #expect(due(in: week) == [.calibrationDue] && due(in: week - 1) == [.calibrationDue] && due(in: -60) == [.calibrationDue])
    }

    @Test func deltasGrowingOverThreeSessionsToHalfTheLimitIsP3() {
        func trend(_ deltas: [Int64], limit: Int64 = 1_000) -> [AlertRule] {
            var facts = AlertFacts()
            facts.lineSessions = ["E2": deltas.enumerated().map { .init(partiya: "P-\($0.offset)", delta: Grams($0.element), limit: Grams(limit)) }]
            return rules(facts)
        }
        #expect(trend([100, 300, 500]) == [.deltaTrend])
        #expect(trend([100, 300, 499]).isEmpty, "one gram under half the limit")
        #expect(trend([100, 500, 500]).isEmpty, "not growing at every step")
        #expect(trend([300, 500]).isEmpty, "two sessions are not yet a trend")
        #expect(trend([900, 100, 300, 501]) == [.deltaTrend], "only the last three count")
    }
}
