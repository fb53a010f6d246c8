import FactoryCore
import Foundation

/// The body of `POST /ingest/scale-events` (spec §6.2): one event, or `{"events": [...]}`.
/// Every field is checked: `seq` a whole number ≥ 0, `gross_kg` finite, non-negative, at most
/// three decimals, `stable` a boolean, `ts_device` ISO-8601 or absent (a gateway's clock may
/// be unset), `boot_id` the gateway's boot counter (default 0) on the batch or the event.
public struct IngestPayload: Decodable, Sendable {
    public let readings: [ScaleReading]

    struct Event: Decodable {
        let seq: WholeNumber
        let ts_device: String?
        let gross_kg: Kilograms
        let stable: Bool
        let boot_id: WholeNumber?

        enum CodingKeys: String, CodingKey, CaseIterable { case seq, ts_device, gross_kg, stable, boot_id }

        init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let container = try decoder.container(keyedBy: CodingKeys.self)
            seq = try container.decode(WholeNumber.self, forKey: .seq)
            ts_device = try container.decodeIfPresent(String.self, forKey: .ts_device)
            gross_kg = try container.decode(Kilograms.self, forKey: .gross_kg)
            stable = try container.decode(Bool.self, forKey: .stable)
            boot_id = try container.decodeIfPresent(WholeNumber.self, forKey: .boot_id)
        }
    }

    enum Keys: String, CodingKey { case events, boot_id }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.events) { try StrictKeys.check(decoder, allowed: ["events", "boot_id"]) }
        let events: [Event]
        var batchBoot: Int64?
        if container.contains(.events) {
            events = try container.decode([Event].self, forKey: .events)
            batchBoot = try container.decodeIfPresent(WholeNumber.self, forKey: .boot_id)?.value
        } else {
            events = [try Event(from: decoder)]
        }
        readings = try events.enumerated().map { index, event in
            let field = "events[\(index)]"
            guard event.seq.value >= 0 else {
                throw FactoryError.validation(field: "\(field).seq", reason: "out_of_range", "seq is a whole number from 0")
            }
            let boot = event.boot_id?.value ?? batchBoot ?? 0
            guard boot >= 0 else {
                throw FactoryError.validation(field: "\(field).boot_id", reason: "out_of_range", "boot_id is a whole number from 0")
            }
            var deviceTime: Timestamp?
            if let text = event.ts_device {
                guard let time = Timestamp(rfc3339: text) else {
                    throw FactoryError.validation(field: "\(field).ts_device", reason: "bad_time",
                                                  "ts_device is an RFC 3339 time of this century, e.g. 2026-11-25T06:00:00Z or 2026-11-25T11:00:00+05:00")
                }
                deviceTime = time
            }
            return ScaleReading(bootID: boot, seq: event.seq.value, deviceTime: deviceTime, gross: event.gross_kg.grams, stable: event.stable)
        }
    }
}

/// A misspelt field (`ts_devise`) must not be dropped silently: every reading would then be
/// judged late, or a batch's boot counter lost. Unknown fields are a `validation_error`.
enum StrictKeys {
    struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func check(_ decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = container.allKeys.first(where: { !allowed.contains($0.stringValue) }) {
            let field = JSONInput.fieldPath(decoder.codingPath + [unknown])
            throw FactoryError.validation(field: field, reason: "unknown_field",
                                          "\(field) is not a field of a scale event (known: \(allowed.joined(separator: ", ")))")
        }
    }
}
