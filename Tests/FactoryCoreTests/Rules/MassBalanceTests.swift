import FactoryCore
import FactoryTestSupport
import Testing

/// Spec §9.1 "delta_calc edge cases" and §19.3.
@Suite struct MassBalanceTests {
    func balance(input: Int64, good: Int64, wip: Int64 = 0, rework: Int64 = 0, disposed: Int64 = 0, outstanding: Int64 = 0) -> MassBalance {
        MassBalance(input: Grams(input), good: Grams(good), wip: Grams(wip), reworkInLinked: Grams(rework),
                    disposedLinked: Grams(disposed), outstanding: Grams(outstanding))
    }

    @Test func aSessionThatClosesExactly() {
        let b = balance(input: 1_000_000, good: 950_000, wip: 20_000, rework: 25_000, outstanding: 5_000)
        #expect(b.scrapExpected == Grams(30_000))
        #expect(b.delta == .zero)
        #expect(b.limit == Grams(5_000))
        #expect(b.gateOK)
    }

    @Test func zeroInputHasNoAllowance() {
        let empty = balance(input: 0, good: 0)
        #expect(empty.limit == .zero)
        #expect(empty.delta == .zero)
        #expect(empty.gateOK)
        let phantom = balance(input: 0, good: 0, outstanding: 1)
        #expect(phantom.delta == Grams(1))
        #expect(!phantom.gateOK, "1 g of scrap from nothing does not balance")
    }

    @Test func smallSessionsGetOnePercent() {
        let b = balance(input: 120_000, good: 110_000, outstanding: 8_800)
        #expect(b.limit == Grams(1_200))
        #expect(b.delta == Grams(1_200))
        #expect(b.gateOK)
        #expect(!balance(input: 120_000, good: 110_000, outstanding: 8_799).gateOK)
    }

    @Test func onePercentRoundsDownToTheGram() {
        #expect(balance(input: 12_345, good: 0).limit == Grams(123))
    }

    @Test func largeSessionsAreCappedAtFiveKilograms() {
        let b = balance(input: 900_000_000, good: 850_000_000, wip: 10_000_000, rework: 39_995_000)
        #expect(b.limit == Grams.kilograms(5))
        #expect(b.delta == Grams(5_000))
        #expect(b.gateOK)
        #expect(!balance(input: 900_000_000, good: 850_000_000, wip: 10_000_000, rework: 39_994_999).gateOK)
    }

    @Test func moreOutThanInShowsAsDelta() {
        let b = balance(input: 100_000, good: 102_000)
        #expect(b.scrapExpected == Grams(-2_000))
        #expect(b.delta == Grams(2_000))
        #expect(b.limit == Grams(1_000))
        #expect(!b.gateOK)
    }

    @Test func theSpecsReworkExampleBalancesOnTheInWeight() {
        // §9.2: IN 300 kg → OUT 298.5 kg; FIFO links the IN weight, so the grinding loss stays
        // with the grinder and the session's Δ is 0.
        let b = balance(input: 10_000_000, good: 9_500_000, wip: 200_000, rework: 300_000)
        #expect(b.delta == .zero)
    }
}
