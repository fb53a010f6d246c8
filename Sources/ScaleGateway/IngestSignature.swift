import Crypto

/// The ingest's request signature, the one both sides use (spec §6.2): HMAC-SHA256 over
/// `X-Timestamp` + "." + the raw body, with the device's own secret, in lowercase hex. The
/// gateway signs when it sends, so a reading that waited in its queue is signed afresh.
public enum IngestSignature {
    public static func sign(body: [UInt8], timestamp: String, key: SymmetricKey) -> String {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array(timestamp.utf8) + [UInt8(ascii: ".")])
        hmac.update(data: body)
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hmac.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// The ingest's batch body as the server reads it (`POST /api/v1/ingest/scale-events`): one
/// boot, its readings in seq order, each weight in kilograms with three decimals.
public enum IngestBatch {
    /// How old a queued reading may plausibly be: a month's outage. A reading stamped before
    /// that, or in the future, was stamped by a clock that was wrong (a box that booted without
    /// the time): it goes without its time, which the server records as unknown (late, never
    /// bound), rather than as a time that is false.
    public static let plausibleAgeMilliseconds: Int64 = 31 * 86_400_000

    public static func body(_ readings: [ReadingQueue.Reading], now: Int64) -> [UInt8] {
        let events = readings.map { reading in
            let plausible = reading.readAt <= now + 60_000 && now - reading.readAt <= plausibleAgeMilliseconds
            let time = plausible ? #","ts_device":"\#(isoTime(reading.readAt))""# : ""
            return #"{"seq":\#(reading.seq)\#(time),"gross_kg":\#(kilograms(reading.grams)),"stable":\#(reading.stable)}"#
        }
        return Array(#"{"boot_id":\#(readings.first?.bootID ?? 0),"events":[\#(events.joined(separator: ","))]}"#.utf8)
    }

    /// `30200` → `30.200`.
    static func kilograms(_ grams: Int64) -> String {
        let thousandths = String(grams % 1000)
        return "\(grams / 1000).\(String(repeating: "0", count: 3 - thousandths.count))\(thousandths)"
    }

    /// Unix milliseconds as RFC 3339 UTC with milliseconds: `2026-12-05T07:35:40.123Z`.
    static func isoTime(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        let days = seconds / 86_400
        let ofDay = seconds % 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let millis = milliseconds % 1000
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(year)-\(two(month))-\(two(day))T\(two(ofDay / 3600)):\(two(ofDay % 3600 / 60)):\(two(ofDay % 60)).\(ms)Z"
    }
}
