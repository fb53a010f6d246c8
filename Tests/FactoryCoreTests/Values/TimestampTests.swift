import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test func isoTextRoundTripsToTheMicrosecond() throws {
        let time = try #require(Timestamp(parsing: "2026-11-25T04:00:00.123456Z"))
        #expect(time.iso8601 == "2026-11-25T04:00:00.123456Z")
        #expect(Timestamp(parsing: time.iso8601) == time)
    }

    @Test func postgresTextReadsAsTheSameInstant() throws {
        let iso = try #require(Timestamp(parsing: "2026-11-25T04:00:00.5Z"))
        #expect(Timestamp(parsing: "2026-11-25 04:00:00.5+00") == iso)
        #expect(Timestamp(parsing: "2026-11-25 09:00:00.5+05") == iso)
        #expect(Timestamp(parsing: "2026-11-25 09:30:00.5+05:30") == iso)
        #expect(Timestamp(parsing: "2026-11-25 04:00:00+00")?.iso8601 == "2026-11-25T04:00:00.000000Z")
    }

    @Test func garbageIsNotATime() {
        #expect(Timestamp(parsing: "yesterday") == nil)
        #expect(Timestamp(parsing: "2026-11-25T04:00:00Zjunk") == nil)
        #expect(Timestamp(parsing: "2026-13-45T04:00:00Z") != Timestamp(parsing: "2026-11-25T04:00:00Z"))
    }

    @Test func timesBeforeTheEpochFormat() throws {
        let time = Timestamp(microsecondsSinceEpoch: -1)
        #expect(time.iso8601 == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp(parsing: time.iso8601) == time)
    }

    @Test func theManualClockMovesOnlyWhenTold() {
        let clock = ManualClock(Timestamp(microsecondsSinceEpoch: 0))
        #expect(clock.now() == Timestamp(microsecondsSinceEpoch: 0))
        clock.advance(seconds: 10)
        #expect(clock.now() == Timestamp(microsecondsSinceEpoch: 10_000_000))
    }
}
