import FactoryCore
import FactoryTestSupport
import Testing

/// Spec §19.1, DECISIONS B24, and the one-load-binds-once rule.
@Suite struct RSBindingTests {
    let now = Timestamp(parsing: "2026-11-25T06:00:00Z")!
    let settings = RSBinding.Settings(windowSeconds: 10, zeroBand: Grams(200), changeThreshold: Grams(500), capacity: Grams.kilograms(150))

    func reading(_ id: String, _ grams: Int64, secondsAgo: Int64, stable: Bool = true, late: Bool = false, bound: Bool = false) -> RSBinding.Reading {
        .init(id: id, gross: Grams(grams), stable: stable, late: late, bound: bound, ingestedAt: now.adding(seconds: -secondsAgo))
    }

    func choose(_ readings: [RSBinding.Reading]) -> Result<RSBinding.Reading, RSBinding.Refusal> {
        RSBinding.choose(from: readings, now: now, settings: settings)
    }

    @Test func theLatestStableReadingInTheWindowBinds() throws {
        let result = choose([reading("old", 25_000, secondsAgo: 8), reading("new", 25_400, secondsAgo: 2),
                             reading("settling", 25_700, secondsAgo: 1, stable: false)])
        #expect(try result.get().id == "new")
    }

    @Test func nothingStableInTheWindowIsRefused() {
        #expect(choose([]) == .failure(.noReadingInWindow))
        #expect(choose([reading("stale", 25_000, secondsAgo: 11)]) == .failure(.noReadingInWindow))
        #expect(choose([reading("moving", 25_000, secondsAgo: 1, stable: false)]) == .failure(.noReadingInWindow))
        #expect(choose([reading("late", 25_000, secondsAgo: 1, late: true)]) == .failure(.noReadingInWindow))
        #expect(choose([reading("empty", 150, secondsAgo: 1)]) == .failure(.noReadingInWindow))
        #expect(choose([reading("overload", 150_001, secondsAgo: 1)]) == .failure(.noReadingInWindow))
        #expect(choose([reading("taken", 25_000, secondsAgo: 1, bound: true)]) == .failure(.noReadingInWindow))
    }

    @Test func aRollLeftOnTheScaleIsNotPackedTwice() {
        let readings = [reading("first", 25_000, secondsAgo: 6, bound: true), reading("same roll", 25_050, secondsAgo: 2)]
        #expect(choose(readings) == .failure(.loadNotRemoved(lastBoundID: "first")))
        #expect(RSBinding.Refusal.loadNotRemoved(lastBoundID: "first").reason == "rs_load_not_removed")
    }

    @Test func aReadingFromBeforeTheLastWeighingNeverBinds() throws {
        // One roll settled and streamed three stable readings; the newest was packed.
        let streamed = [reading("first", 25_000, secondsAgo: 5), reading("second", 25_000, secondsAgo: 4),
                        reading("packed", 25_000, secondsAgo: 3, bound: true)]
        #expect(choose(streamed) == .failure(.loadNotRemoved(lastBoundID: "packed")))
        // Only what came after it can bind, and only once the load has left.
        let next = streamed + [reading("pan empty", 0, secondsAgo: 2, stable: false), reading("next roll", 25_000, secondsAgo: 1)]
        #expect(try choose(next).get().id == "next roll")
    }

    @Test func anEmptyPanOrADifferentLoadFreesTheScale() throws {
        let emptied = [reading("first", 25_000, secondsAgo: 6, bound: true), reading("pan empty", 40, secondsAgo: 4, stable: false),
                       reading("next roll", 25_050, secondsAgo: 2)]
        #expect(try choose(emptied).get().id == "next roll")
        let swapped = [reading("first", 25_000, secondsAgo: 6, bound: true), reading("bigger roll", 31_000, secondsAgo: 2)]
        #expect(try choose(swapped).get().id == "bigger roll")
    }
}
