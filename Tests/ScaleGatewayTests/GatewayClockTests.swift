import Foundation
import ScaleGateway
import Synchronization
import Testing

/// A box without a battery-backed clock: it starts in the past, NTP steps it later, and what it
/// stamps and signs must be the server's time all along.
@Suite struct GatewayClockTests {
    static let serverNow: Int64 = 1_796_500_000_000  // 2026-12-05

    @Test func aBoxThatBootedIn1970TakesTheServersTimeFromTheFirstAnswer() {
        var clock = GatewayClock()
        let wall: Int64 = 60_000  // a minute after the epoch: no RTC, no NTP yet
        #expect(clock.now(wall: wall, monotonic: 0).time == wall, "before any answer, the wall clock is all it has")
        let correction = clock.learn(server: Self.serverNow, wall: wall + 100, monotonic: 100)
        #expect(correction == Self.serverNow - wall - 100)
        #expect(clock.now(wall: wall + 1_100, monotonic: 1_100).time == Self.serverNow + 1_000, "and follows it afterwards")
    }

    @Test func aStepOfTheWallClockChangesNothingStamped() {
        var clock = GatewayClock()
        _ = clock.learn(server: Self.serverNow, wall: 60_000, monotonic: 0)
        // NTP arrives and steps the wall clock to the right time, between two readings.
        let after = clock.now(wall: Self.serverNow + 5_000, monotonic: 5_000)
        #expect(after.time == Self.serverNow + 5_000 && after.jump == Self.serverNow - 60_000)
        // An operator sets the clock an hour back by mistake.
        let back = clock.now(wall: Self.serverNow + 6_000 - 3_600_000, monotonic: 6_000)
        #expect(back.time == Self.serverNow + 6_000 && back.jump == -3_600_000)
        #expect(clock.learn(server: Self.serverNow + 7_000, wall: Self.serverNow + 7_000 - 3_600_000, monotonic: 7_000) == nil,
                "the server agrees: nothing to correct")
    }

    @Test func smallDifferencesAreNoise() {
        var clock = GatewayClock()
        #expect(clock.learn(server: Self.serverNow + 1_500, wall: Self.serverNow, monotonic: 0) == nil, "Date has whole seconds")
        #expect(clock.now(wall: Self.serverNow + 10_900, monotonic: 10_000).jump == nil, "a slewing clock is not a step")
    }

    @Test func theHTTPDateIsRead() {
        #expect(GatewayClock.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777_000, "RFC 9110's example")
        #expect(GatewayClock.httpDate("Sat, 05 Dec 2026 10:10:58 GMT") == 1_796_465_458_000)
        #expect(GatewayClock.httpDate("Sat, 29 Feb 2028 00:00:00 GMT") == 1_835_395_200_000)
        #expect(GatewayClock.httpDate("yesterday") == nil)
        #expect(GatewayClock.httpDate("Sat, 05 Dec 2026 25:10:58 GMT") == nil)
    }

    @Test func aReadingStampedByAWrongClockGoesWithoutItsTime() {
        func reading(_ readAt: Int64) -> ReadingQueue.Reading {
            ReadingQueue.Reading(bootID: 7, seq: 1, readAt: readAt, grams: 30_500, stable: true)
        }
        let fresh = String(decoding: IngestBatch.body([reading(Self.serverNow - 1_000)], now: Self.serverNow), as: UTF8.self)
        #expect(fresh.contains(#""ts_device":"2026-12-05T"#))
        let week = String(decoding: IngestBatch.body([reading(Self.serverNow - 7 * 86_400_000)], now: Self.serverNow), as: UTF8.self)
        #expect(week.contains(#""ts_device":"2026-11-28T"#), "a week's outage keeps its times")
        let epoch = String(decoding: IngestBatch.body([reading(60_000)], now: Self.serverNow), as: UTF8.self)
        #expect(epoch == #"{"boot_id":7,"events":[{"seq":1,"gross_kg":30.500,"stable":true}]}"#, "1970 is not a time to send")
        let future = String(decoding: IngestBatch.body([reading(Self.serverNow + 3_600_000)], now: Self.serverNow), as: UTF8.self)
        #expect(!future.contains("ts_device"))
    }

    /// The whole gateway's view: a reading taken before the server's time was known is restamped
    /// when it becomes known, NTP's step later changes nothing, and both go with today's time.
    @Test func readingsStampedBeforeTheServersTimeWasKnownAreRestamped() throws {
        let path = NSTemporaryDirectory() + "gateway-clock-\(UUID().uuidString).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let queue = try ReadingQueue(path: path)
        let time = Mutex((wall: Int64(60_000), monotonic: Int64(0)))
        let steps = Mutex([Int64]())
        let clock = SharedClock(wall: { time.withLock { $0.wall } }, monotonic: { time.withLock { $0.monotonic } },
                                stepped: { step in steps.withLock { $0.append(step) } })
        func advance(_ milliseconds: Int64, wall step: Int64 = 0) {
            time.withLock { $0 = ($0.wall + milliseconds + step, $0.monotonic + milliseconds) }
        }
        // Booted without the time: the first load is stamped in 1970.
        try clock.stamp { try queue.append(grams: 30_200, stable: true, readAt: $0) }
        #expect(try queue.oldest(limit: 1)[0].readAt == 60_000)
        // The first answer says what the time is (2026-12-05 10:10:58): the reading moves with the clock.
        advance(1_000)
        let server: Int64 = 1_796_465_458_000
        let correction = try clock.learn(fromDate: "Sat, 05 Dec 2026 10:10:58 GMT") { try queue.shift(boot: queue.bootID, byMilliseconds: $0) }
        #expect(correction == server - 61_000)
        #expect(try queue.oldest(limit: 1)[0].readAt == server - 1_000, "taken a second before the answer")
        // NTP steps the wall clock right, then the next load comes.
        advance(5_000, wall: server - 61_000)
        try clock.stamp { try queue.append(grams: 29_900, stable: true, readAt: $0) }
        #expect(steps.withLock { $0 } == [server - 61_000], "the step is heard, for the log")
        let readings = try queue.oldest(limit: 10)
        #expect(readings.map(\.readAt) == [server - 1_000, server + 5_000])
        let body = String(decoding: IngestBatch.body(readings, now: clock.now()), as: UTF8.self)
        #expect(body.contains(#""ts_device":"2026-12-05T10:10:57.000Z""#) && body.contains(#""ts_device":"2026-12-05T10:11:03.000Z""#), "\(body)")
    }
}
