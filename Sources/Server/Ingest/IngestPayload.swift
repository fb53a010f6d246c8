import FactoryCore
import Foundation

/// The body of `POST /ingest/scale-events` (spec §6.2): one event, or `{"events": [...]}`.
/// Every field is checked: `seq` a whole number ≥ 0, `gross_kg` finite, non-negative, at most
/// three decimals, `stable` a boolean, `ts_device` ISO-8601 or absent (a gateway's clock may
/// be unset), `boot_id` the gateway's boot counter (default 0) on the batch or the event.
public struct IngestPayload: Decodable, Sendable {
    public let readings: [ScaleReading]

    struct Event: Decodable {
        let seq: Int64
        let ts_device: String?
        let gross_kg: Kilograms
        let stable: Bool
        let boot_id: Int64?
    }

    enum Keys: String, CodingKey { case events, boot_id }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let events: [Event]
        var batchBoot: Int64?
        if container.contains(.events) {
            events = try container.decode([Event].self, forKey: .events)
            batchBoot = try container.decodeIfPresent(Int64.self, forKey: .boot_id)
        } else {
            events = [try Event(from: decoder)]
        }
        readings = try events.enumerated().map { index, event in
            let field = "events[\(index)]"
            guard event.seq >= 0 else {
                throw FactoryError.validation(field: "\(field).seq", reason: "out_of_range", "seq is a whole number from 0")
            }
            let boot = event.boot_id ?? batchBoot ?? 0
            guard boot >= 0 else {
                throw FactoryError.validation(field: "\(field).boot_id", reason: "out_of_range", "boot_id is a whole number from 0")
            }
            var deviceTime: Timestamp?
            if let text = event.ts_device {
                guard let time = Timestamp(parsing: text) else {
                    throw FactoryError.validation(field: "\(field).ts_device", reason: "bad_time", "ts_device is an ISO-8601 time")
                }
                deviceTime = time
            }
            return ScaleReading(bootID: boot, seq: event.seq, deviceTime: deviceTime, gross: event.gross_kg.grams, stable: event.stable)
        }
    }
}
