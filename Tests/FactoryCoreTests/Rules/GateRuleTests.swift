import FactoryCore
import FactoryTestSupport
import Testing

/// Spec §9.1 "vt_limit_gate near threshold ± ε", §19.5, DECISIONS B2/B3/B24.
@Suite struct GateRuleTests {
    @Test func theVTGateTripsOneGramOverTheLimit() {
        let limit = Percent.whole(35)
        #expect(!VTShare.exceeds(vt: Grams(350_000), total: Grams(1_000_000), limit: limit), "exactly 35 % is allowed")
        #expect(VTShare.exceeds(vt: Grams(350_001), total: Grams(1_000_000), limit: limit), "1 g over trips the gate")
        #expect(!VTShare.exceeds(vt: Grams(349_999), total: Grams(1_000_000), limit: limit))
        #expect(!VTShare.exceeds(vt: .zero, total: .zero, limit: limit), "no input, no share")
        #expect(VTShare.share(vt: Grams(1), total: Grams(3)) == Percent(units: 33_333))
    }

    @Test func seniorOperatorsMayRunTwoLinesNotThree() {
        let aziz = OperatorLimits.Operator(username: "op.aziz", grade: .katta, openSessions: 1, qualified: true)
        #expect(OperatorLimits.check(crew: [aziz]).isEmpty)
        let busy = OperatorLimits.Operator(username: "op.aziz", grade: .katta, openSessions: 2, qualified: true)
        #expect(OperatorLimits.check(crew: [busy]) == [.tooManyLines(username: "op.aziz", lines: 3, allowed: 2)])
        let junior = OperatorLimits.Operator(username: "op.new", grade: .kichik, openSessions: 1, qualified: true)
        #expect(OperatorLimits.check(crew: [junior]) == [.tooManyLines(username: "op.new", lines: 2, allowed: 1)])
    }

    @Test func anUnqualifiedOperatorAndABadCrewSizeAreNamed() {
        let dilshod = OperatorLimits.Operator(username: "op.dilshod", grade: .katta, openSessions: 0, qualified: false)
        #expect(OperatorLimits.check(crew: [dilshod]) == [.notQualified(username: "op.dilshod")])
        #expect(OperatorLimits.check(crew: []) == [.crewSize(0)])
        #expect(OperatorLimits.check(crew: [dilshod, dilshod, dilshod]) == [.crewSize(3)])
    }

    @Test func calibrationExpiresOnceItsDueTimeHasPassedAndWhenNeverRecorded() {
        let now = Timestamp(parsing: "2026-11-25T06:00:00Z")!
        #expect(!Calibration.isExpired(dueAt: now.adding(seconds: 1), at: now))
        #expect(!Calibration.isExpired(dueAt: now, at: now), "due < now blocks (spec §19.5); due = now still weighs")
        #expect(Calibration.isExpired(dueAt: now.adding(seconds: -1), at: now))
        #expect(Calibration.isExpired(dueAt: nil, at: now))
    }

    @Test func theFGGateNamesTheRootCauseFirst() {
        #expect(FGGate.check(status: .qcOK, degassingPending: false, degazGate: true) == .receive)
        #expect(FGGate.check(status: .awaitingQC, degassingPending: true, degazGate: true) == .refuse(.degazGate),
                "still degassing: QC cannot have decided it, so degassing is the way out")
        #expect(FGGate.check(status: .awaitingQC, degassingPending: false, degazGate: true) == .refuse(.qcNotOKToFG))
        #expect(FGGate.check(status: .qcReject, degassingPending: false, degazGate: true) == .refuse(.qcNotOKToFG))
        #expect(FGGate.check(status: .fgReceived, degassingPending: false, degazGate: true) == .refuse(.qrDuplicate))
        let received = FGGate.Receipt(at: Timestamp(parsing: "2026-11-25T08:00:00Z")!, by: "u-1", location: "FG")
        func rescan(after seconds: Int64, by user: String = "u-1", at place: String = "FG") -> FGGate.Verdict {
            FGGate.check(status: .fgReceived, degassingPending: false, degazGate: true, receipt: received,
                         scan: .init(at: received.at.adding(seconds: seconds), by: user, location: place))
        }
        #expect(rescan(after: 60) == .alreadyReceived, "a double scan by the storekeeper who just received it")
        #expect(rescan(after: 5 * 60) == .alreadyReceived)
        #expect(rescan(after: 5 * 60 + 1) == .refuse(.qrDuplicate), "later it is a second label")
        #expect(rescan(after: 60, by: "u-2") == .refuse(.qrDuplicate))
        #expect(rescan(after: 60, at: "FG-2") == .refuse(.qrDuplicate))
        #expect(FGGate.check(status: .qcOK, degassingPending: true, degazGate: false) == .receive, "DEGAZ_GATE_FG=false")
    }

    @Test func aTypedLengthAgreesWithTheCounterWithinTheLengthTolerance() {
        let twoPercent = Percent(units: 2_000)
        #expect(Tolerance.lengthAgrees(typed: .metres(255), counted: .metres(250), tolerance: twoPercent))
        #expect(!Tolerance.lengthAgrees(typed: .metres(256), counted: .metres(250), tolerance: twoPercent), "2.4 % off")
        #expect(Tolerance.lengthAgrees(typed: .metres(245), counted: .metres(250), tolerance: twoPercent))
        #expect(!Tolerance.lengthAgrees(typed: Length(units: 244_999_000), counted: .metres(250), tolerance: twoPercent), "a hair over is over")
        #expect(Tolerance.lengthAgrees(typed: .metres(250), counted: .metres(0), tolerance: twoPercent), "a counter at 0 measured nothing")
    }

    @Test func reworkLossIsExact() {
        #expect(ReworkLoss.percent(in: Grams.kilograms(300), out: Grams(298_500)) == Percent(units: 500))
        #expect(ReworkLoss.percent(in: Grams(3), out: Grams(2)) == Percent(units: 33_333))
        #expect(ReworkLoss.percent(in: .zero, out: .zero) == nil)
        #expect(ReworkLoss.percent(in: Grams(100), out: Grams(101)) == Percent(units: -1_000))
    }

    @Test func qcDecidesOnlyAPackageWaitingForItAndNotWhileItDegasses() {
        #expect(QCGate.check(status: .awaitingQC, degassingPending: false) == .decide)
        #expect(QCGate.check(status: .awaitingQC, degassingPending: true) == .refuse(.degazGate))
        #expect(QCGate.check(status: .qcOK, degassingPending: false) == .alreadyDecided)
        #expect(QCGate.check(status: .fgReceived, degassingPending: true) == .alreadyDecided, "decided comes before degassing")
        #expect(QCGate.check(status: .review, degassingPending: false) == .notAwaitingQC)
        #expect(QCGate.check(status: .draftManual, degassingPending: true) == .notAwaitingQC)
    }

    @Test func aPackageIsCreatedHeldTypedInReviewOrForOTK() {
        let ok = Tolerance.Verdict.ok(norm: Grams(30_000), deviation: Percent(units: 1_000))
        let breach = Tolerance.Verdict.review(norm: Grams(30_000), deviation: Percent(units: 5_000))
        #expect(PackedStatus.after(ok, weightTrusted: true, lengthMode: .auto) == .awaitingQC)
        #expect(PackedStatus.after(breach, weightTrusted: true, lengthMode: .auto) == .review)
        #expect(PackedStatus.after(ok, weightTrusted: false, lengthMode: .auto) == .draftManual)
        #expect(PackedStatus.after(breach, weightTrusted: true, lengthMode: .manual) == .draftManual, "the approval comes first")
        #expect(PackedStatus.after(.noConversion(reason: "no norm"), weightTrusted: false, lengthMode: .manual) == .onHold)
    }

    @Test func aReadingIsLateBeyondTheWindowOrWithoutAClock() {
        let now = Timestamp(parsing: "2026-11-25T08:00:10Z")!
        #expect(!ReadingLateness.isLate(takenAt: now.adding(seconds: -10), arrivedAt: now, windowSeconds: 10), "at the window's edge")
        #expect(ReadingLateness.isLate(takenAt: now.adding(seconds: -11), arrivedAt: now, windowSeconds: 10))
        #expect(ReadingLateness.isLate(takenAt: nil, arrivedAt: now, windowSeconds: 10), "a gateway whose clock is not set")
        #expect(!ReadingLateness.isLate(takenAt: now.adding(seconds: 2), arrivedAt: now, windowSeconds: 10), "a clock slightly ahead")
    }
}
