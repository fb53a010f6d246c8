import Crypto
import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// The signed scale ingest (spec §6.2, §9.5) with the boot counter and the send-time
/// signature of the server issue.
@Suite struct IngestTests {
    func storedEvents(_ harness: APIHarness) throws -> Int64 { try harness.floor.factory.count("scale_events") }

    @Test(arguments: TestBackends.all)
    func aSignedReadingIsStoredOnceAndAResendChangesNothing(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-E1-pack-01")
        try await harness.run { client in
            let first = try await client.reading("scale-E1-pack-01", key: key, seq: 1, kg: "30.400")
            #expect(first.status == 201)
            #expect(first.body == ["accepted": 1, "duplicates": 0, "late": 0])
            let again = try await client.reading("scale-E1-pack-01", key: key, seq: 1, kg: "30.400")
            #expect(again.status == 201)
            #expect(again.body == ["accepted": 0, "duplicates": 1, "late": 0])
            #expect(try storedEvents(harness) == 1)
            let stored = try harness.floor.factory.db.read { try $0.queryOne("SELECT gross_g FROM scale_events")?.int("gross_g") }
            #expect(stored == 30_400, "kilograms with three decimals are stored as exact grams")
        }
    }

    /// A re-send is answered from the reading side only when every reading in it is stored: one
    /// that never arrived, below what the device has sent since, is still stored; a reading twice
    /// in one batch is stored once.
    @Test(arguments: TestBackends.all)
    func aResendWithAReadingThatNeverArrivedStoresThatOne(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-MAIN-01")
        try await harness.run { client in
            let now = harness.clock.now().description
            func batch(_ seqs: [Int]) -> [UInt8] {
                let events = seqs.map { #"{"seq":\#($0),"ts_device":"\#(now)","gross_kg":\#($0).5,"stable":true}"# }
                return Array(#"{"boot_id":7,"events":[\#(events.joined(separator: ","))]}"#.utf8)
            }
            #expect(try await client.signed("ingest/scale-events", device: "scale-MAIN-01", key: key, body: batch([1])).body
                    == ["accepted": 1, "duplicates": 0, "late": 0])
            #expect(try await client.signed("ingest/scale-events", device: "scale-MAIN-01", key: key, body: batch([3])).body
                    == ["accepted": 1, "duplicates": 0, "late": 0])
            let resend = try await client.signed("ingest/scale-events", device: "scale-MAIN-01", key: key, body: batch([1, 2, 3]))
            #expect(resend.body == ["accepted": 1, "duplicates": 2, "late": 0], "seq 2 was lost on the way and is stored now")
            let again = try await client.signed("ingest/scale-events", device: "scale-MAIN-01", key: key, body: batch([1, 2, 3]))
            #expect(again.body == ["accepted": 0, "duplicates": 3, "late": 0])
            let twice = try await client.signed("ingest/scale-events", device: "scale-MAIN-01", key: key, body: batch([4, 4]))
            #expect(twice.body == ["accepted": 1, "duplicates": 1, "late": 0])
            #expect(try storedEvents(harness) == 4)
        }
    }

    @Test(arguments: TestBackends.all)
    func aBatchCountsAcceptedDuplicatesAndLateAndABootRestartsTheSequence(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-MAIN-01")
        try await harness.run { client in
            let old = harness.clock.now().adding(seconds: -3600).description
            let now = harness.clock.now().description
            let batch = #"{"boot_id":0,"events":[{"seq":1,"ts_device":"\#(now)","gross_kg":1.5,"stable":false},{"seq":2,"ts_device":"\#(now)","gross_kg":"12.345","stable":true},{"seq":3,"ts_device":"\#(old)","gross_kg":0,"stable":true},{"seq":4,"gross_kg":2,"stable":true}]}"#
            let reply = try await client.signed("ingest/scale-events", device: "scale-MAIN-01", key: key, body: Array(batch.utf8))
            #expect(reply.body == ["accepted": 4, "duplicates": 0, "late": 2], "an hour-old reading and one without a device time are late")
            let resend = try await client.signed("ingest/scale-events", device: "scale-MAIN-01", key: key, body: Array(batch.utf8))
            #expect(resend.body == ["accepted": 0, "duplicates": 4, "late": 0])
            // The gateway rebooted: seq starts again at 1 under the next boot counter.
            let rebooted = try await client.reading("scale-MAIN-01", key: key, seq: 1, kg: "5", boot: 1)
            #expect(rebooted.body == ["accepted": 1, "duplicates": 0, "late": 0])
            #expect(try storedEvents(harness) == 5)
        }
    }

    @Test(arguments: TestBackends.all)
    func badSignaturesUnknownDevicesAndOldRequestsAreUnauthorized(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-E1-pack-01")
        let otherKey = try harness.deviceSecret("scale-MAIN-01")
        let body = Array(#"{"seq":1,"gross_kg":1,"stable":true}"#.utf8)
        try await harness.run { client in
            let wrongKey = try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: otherKey, body: body)
            #expect(wrongKey.status == 401 && wrongKey.errorDetail["reason"] == "bad_signature")
            let garbled = try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key, body: body, signature: "zz")
            #expect(garbled.status == 401 && garbled.isEnvelope)
            let unknown = try await client.signed("ingest/scale-events", device: "scale-NOPE", key: key, body: body)
            #expect(unknown.status == 401 && unknown.errorDetail["reason"] == "unknown_device")
            let noSecret = try await client.signed("ingest/scale-events", device: "scale-SHOP-01", key: key, body: body)
            #expect(noSecret.status == 401, "a device without an issued secret cannot send")
            let replayed = try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key, body: body,
                                                   at: harness.clock.now().adding(seconds: -600))
            #expect(replayed.status == 401 && replayed.errorDetail["reason"] == "stale_request")
            let unsigned = try await client.call(.post, "ingest/scale-events", raw: body)
            #expect(unsigned.status == 401 && unsigned.errorDetail["reason"] == "unsigned_request")
            try harness.floor.factory.db.write { try $0.execute("UPDATE devices SET active_bool = ? WHERE code = 'scale-E1-pack-01'", false) }
            // Keys are cached for 30 s: a device switched off stops within that.
            harness.clock.advance(seconds: 31)
            let inactive = try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key, body: body)
            #expect(inactive.status == 401)
            #expect(try storedEvents(harness) == 0)
        }
    }

    @Test func aReissuedSecretWorksAtOnceAndTheOldOneStops() async throws {
        let harness = try await APIHarness(.sqlite)
        let old = try harness.deviceSecret("scale-E1-pack-01")
        try await harness.run { client in
            #expect(try await client.reading("scale-E1-pack-01", key: old, seq: 1, kg: "1").status == 201)
            let new = try harness.deviceSecret("scale-E1-pack-01")
            #expect(try await client.reading("scale-E1-pack-01", key: new, seq: 2, kg: "1").status == 201)
            #expect(try await client.reading("scale-E1-pack-01", key: old, seq: 3, kg: "1").status == 401)
        }
    }

    @Test(arguments: TestBackends.all)
    func everyFieldIsValidated(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-E1-pack-01")
        let cases: [(String, Int, String)] = [
            (#"{"seq":1,"gross_kg":-1,"stable":true}"#, 422, "gross_kg"),
            (#"{"events":[{"seq":1,"gross_kg":1,"stable":true},{"seq":2,"gross_kg":-1,"stable":true}]}"#, 422, "events[1].gross_kg"),
            (#"{"seq":1,"gross_kg":1.2345,"stable":true}"#, 422, "gross_kg"),
            (#"{"seq":1,"gross_kg":1e300,"stable":true}"#, 422, "gross_kg"),
            (#"{"seq":-5,"gross_kg":1,"stable":true}"#, 422, "events[0].seq"),
            (#"{"seq":1.5,"gross_kg":1,"stable":true}"#, 422, "seq"),
            (#"{"seq":1,"gross_kg":1,"stable":"yes"}"#, 422, "stable"),
            (#"{"seq":1,"gross_kg":1}"#, 422, "stable"),
            (#"{"seq":1,"gross_kg":1,"stable":true,"ts_device":"yesterday"}"#, 422, "events[0].ts_device"),
            (#"{"events":[]}"#, 422, "events"),
            (#"{"seq":1,"gross_kg":1,"stable":true,"ts_devise":"2026-11-25T06:00:00Z"}"#, 422, "ts_devise"),
            (#"{"seq":1,"gross_kg":1,"stable":tru"#, 400, "body"),
        ]
        try await harness.run { client in
            for (body, status, field) in cases {
                let reply = try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key, body: Array(body.utf8))
                #expect(reply.status == status, "\(body)")
                #expect(reply.isEnvelope, "\(body)")
                let named = reply.errorDetail["field"].map { if case .string(let f) = $0 { f } else { "" } } ?? ""
                #expect(named.contains(field), "\(body) names \(named)")
            }
            let many = "{\"events\":[" + (1...501).map { #"{"seq":\#($0),"gross_kg":1,"stable":true}"# }.joined(separator: ",") + "]}"
            let tooMany = try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key, body: Array(many.utf8))
            #expect(tooMany.status == 422 && tooMany.errorDetail["reason"] == "batch_size")
            let huge = try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key,
                                               body: Array(repeating: UInt8(ascii: " "), count: 300_000))
            #expect(huge.status == 413 && huge.isEnvelope)
            #expect(try storedEvents(harness) == 0)
        }
    }

    @Test(arguments: TestBackends.all)
    func concurrentSendersShareCommitsButEachGetsItsOwnCounts(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-E1-pack-01")
        try await harness.run { client in
            // 20 readings, each sent twice at the same moment: one of each pair is a duplicate.
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for seq in 1...20 {
                    for _ in 0..<2 { group.addTask { try await client.reading("scale-E1-pack-01", key: key, seq: Int64(seq), kg: "2") } }
                }
                return try await group.reduce(into: [Reply]()) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 201 })
            let accepted = replies.filter { $0.body == ["accepted": 1, "duplicates": 0, "late": 0] }.count
            let duplicates = replies.filter { $0.body == ["accepted": 0, "duplicates": 1, "late": 0] }.count
            #expect(accepted == 20 && duplicates == 20)
        }
        #expect(try harness.floor.factory.count("scale_events") == 20)
    }

    @Test(arguments: TestBackends.all)
    func aDeviceOverItsRateIsToldWhenToComeBack(backend: Backend) async throws {
        let harness = try await APIHarness(backend) { $0.ingestRateLimitPerMinute = 3 }
        let key = try harness.deviceSecret("scale-E1-pack-01")
        try await harness.run { client in
            for seq in 1...3 { #expect(try await client.reading("scale-E1-pack-01", key: key, seq: Int64(seq), kg: "1").status == 201) }
            let limited = try await client.reading("scale-E1-pack-01", key: key, seq: 4, kg: "1")
            #expect(limited.status == 429 && limited.isEnvelope)
            #expect(limited.headers[.retryAfter] == "20", "one token every 20 s at 3 per minute")
            harness.clock.advance(seconds: 20)
            #expect(try await client.reading("scale-E1-pack-01", key: key, seq: 4, kg: "1").status == 201)
        }
    }

    @Test(arguments: TestBackends.all)
    func aHeartbeatIsSignedByItsOwnDevice(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let key = try harness.deviceSecret("scale-E1-pack-01")
        try await harness.run { client in
            let beat = try await client.signed("devices/scale-E1-pack-01/heartbeat", device: "scale-E1-pack-01", key: key, body: [])
            #expect(beat.status == 200)
            let other = try await client.signed("devices/scale-MAIN-01/heartbeat", device: "scale-E1-pack-01", key: key, body: [])
            #expect(other.status == 401)
            let seen = try harness.floor.factory.db.read {
                try $0.queryOne("SELECT last_heartbeat_at FROM devices WHERE code = 'scale-E1-pack-01'")?.optionalTimestamp("last_heartbeat_at")
            }
            #expect(seen == harness.clock.now())
        }
    }
}
