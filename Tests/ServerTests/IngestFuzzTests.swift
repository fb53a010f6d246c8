import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// The server issue's robustness case: 10,000 random or malformed ingest requests (wrong
/// types, huge numbers, truncated JSON, bad UTF-8, random bytes, missing headers) never crash
/// the server and each gets a 4xx with the error envelope. The generator is seeded, so a
/// failure names a body that can be replayed.
@Suite struct IngestFuzzTests {
    static let valid = Array(#"{"events":[{"seq":7,"ts_device":"2026-11-25T06:00:00Z","gross_kg":12.5,"stable":true}]}"#.utf8)

    /// A request that must be refused, and how it was made.
    static func malformed(_ random: inout SplitMix) -> (body: [UInt8], signed: Bool, kind: String) {
        let valid = Self.valid
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            return (Array(valid.prefix(Int.random(in: 0..<(valid.count - 1), using: &random))), true, "truncated")
        case 1:
            var body = valid
            body.insert(UInt8.random(in: 0xF8...0xFF, using: &random), at: Int.random(in: 0...body.count, using: &random))
            return (body, true, "bad utf-8")
        case 2:
            let values = ["\"x\"", "[]", "{}", "true", "-1", "1e999", "123456789012345678901234567890", "0.0001", "\"1,5\"", "NaN"]
            let fields = ["seq", "gross_kg", "stable", "ts_device", "boot_id"]
            let field = fields.randomElement(using: &random)!
            var value = values.randomElement(using: &random)!
            if field == "ts_device" && value.hasPrefix("\"") { value = "\"not a time\"" }
            if field == "gross_kg" && value == "\"x\"" { value = "\"-3\"" }
            if field == "stable" && ["true"].contains(value) { value = "1" }
            var event = ["seq": "7", "ts_device": "\"2026-11-25T06:00:00Z\"", "gross_kg": "12.5", "stable": "true", "boot_id": "0"]
            event[field] = value
            let replaced = "{\"events\":[{" + event.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}]}"
            return (Array(replaced.utf8), true, "wrong type \(field)=\(value)")
        case 3:
            return ((0..<Int.random(in: 1..<400, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, true, "random bytes")
        case 4:
            let depth = Int.random(in: 1..<2000, using: &random)
            return (Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8), true, "nested arrays")
        case 5:
            return (valid, false, "unsigned")
        case 6:
            return (Array(#"{"events":"#.utf8) + Array(repeating: UInt8(ascii: "9"), count: Int.random(in: 1..<5000, using: &random)), true, "huge number")
        default:
            // A structural byte where it does not belong: JSON that no longer parses, or a
            // field name that no longer exists.
            var body = valid
            let at = Int.random(in: 0..<body.count, using: &random)
            body[at] = [UInt8(ascii: "{"), UInt8(ascii: ":"), UInt8(ascii: "]"), 0].filter { $0 != body[at] }.randomElement(using: &random)!
            return (body, true, "broken structure")
        }
    }

    @Test func tenThousandMalformedRequestsAllGetAFourHundredWithTheEnvelope() async throws {
        let harness = try await APIHarness(.sqlite) { $0.ingestRateLimitPerMinute = 1_000_000 }
        let key = try harness.deviceSecret("scale-E1-pack-01")
        let failures = try await harness.run { client in
            var random = SplitMix(state: 20261125)
            var failures: [String] = []
            for n in 0..<10_000 {
                let (body, signed, kind) = Self.malformed(&random)
                let reply = signed
                    ? try await client.signed("ingest/scale-events", device: "scale-E1-pack-01", key: key, body: body)
                    : try await client.call(.post, "ingest/scale-events", raw: body)
                if !(400..<500).contains(reply.status) || !reply.isEnvelope {
                    failures.append("#\(n) \(kind) → \(reply.status): \(String(decoding: body.prefix(120), as: UTF8.self))")
                }
            }
            return failures
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(try harness.floor.factory.count("scale_events") == 0, "nothing malformed was stored")
        #expect(try harness.floor.factory.count("scale_event_keys") == 0)
    }
}
