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
        #expect(Timestamp(parsing: "2026-13-01T04:00:00Z") == nil, "there is no 13th month")
        #expect(Timestamp(parsing: "2026-02-29T04:00:00Z") == nil, "2026 is not a leap year")
        #expect(Timestamp(parsing: "2026-11-25T24:00:00Z") == nil)
        #expect(Timestamp(parsing: "2028-02-29T04:00:00Z") != nil)
    }

    @Test func formattingAgreesWithFoundationOverCenturies() throws {
        // Every 7th day, 1900 to 2200, against Foundation's own UTC rendering.
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for day in stride(from: Int64(-25_567), to: Int64(84_000), by: 7) {
            let seconds = day * 86_400 + 45_296  // 12:34:56
            let time = Timestamp(microsecondsSinceEpoch: seconds * 1_000_000 + 789)
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(time.iso8601 == expected.replacingOccurrences(of: "Z", with: ".000789Z"))
            #expect(Timestamp(parsing: time.iso8601) == time)
        }
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
