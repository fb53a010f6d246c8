import FactoryCore
import FactoryTestSupport
import Testing

/// Spec §19.4 and DECISIONS B12.
@Suite struct FIFOLinkingTests {
    let t0 = Timestamp(parsing: "2026-11-25T06:00:00Z")!

    func lot(_ id: String, _ session: String, minutes: Int64, _ grams: Int64) -> FIFOLinking.Outstanding {
        .init(lotID: id, sessionID: session, createdAt: t0.adding(seconds: minutes * 60), remaining: Grams(grams))
    }

    @Test func theOldestScrapIsTakenFirst() {
        let plan = FIFOLinking.plan(amount: Grams(250_000), outstanding: [
            lot("c", "S2", minutes: 30, 100_000), lot("a", "S1", minutes: 0, 120_000), lot("b", "S1", minutes: 10, 80_000),
        ])
        #expect(plan.links.map(\.lotID) == ["a", "b", "c"])
        #expect(plan.links.map(\.quantity) == [Grams(120_000), Grams(80_000), Grams(50_000)])
        #expect(plan.excess == .zero)
    }

    @Test func weightWithNoScrapLeftIsExcess() {
        let plan = FIFOLinking.plan(amount: Grams(300_000), outstanding: [lot("a", "S1", minutes: 0, 120_000)])
        #expect(plan.links.map(\.quantity) == [Grams(120_000)])
        #expect(plan.excess == Grams(180_000))
        #expect(FIFOLinking.plan(amount: Grams(5), outstanding: []).excess == Grams(5))
    }

    @Test func fullyTakenLotsAreSkipped() {
        let plan = FIFOLinking.plan(amount: Grams(10), outstanding: [lot("a", "S1", minutes: 0, 0), lot("b", "S1", minutes: 1, 50)])
        #expect(plan.links == [.init(lotID: "b", sessionID: "S1", quantity: Grams(10))])
    }
}
