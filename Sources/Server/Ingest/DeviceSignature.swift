import Crypto
import FactoryCore
import Foundation
import ScaleGateway

/// The ingest's request signature (spec §6.2, hardened as the ingest issue asks): a gateway
/// signs `X-Timestamp` + "." + the raw body with its own secret, HMAC-SHA256, hex. Covering
/// the send time means a captured request cannot be replayed minutes later; readings that
/// waited in the gateway's buffer are still fine, because the gateway signs when it sends.
public enum DeviceSignature {
    public static func sign(body: [UInt8], timestamp: String, key: SymmetricKey) -> String {
        IngestSignature.sign(body: body, timestamp: timestamp, key: key)
    }

    /// Checks the signature in constant time and the send time against the server's clock.
    public static func verify(body: [UInt8], timestamp: String, signature: String, key: SymmetricKey,
                              now: Timestamp, allowedSkewSeconds: Int64) throws {
        let refused = FactoryError(.unauthorized, reason: "bad_signature", "the request signature does not match")
        // Unix seconds as digits only (no sign, no spaces): a value such as Int64.min must be
        // refused here, before any arithmetic on it.
        guard (1...12).contains(timestamp.utf8.count), timestamp.utf8.allSatisfy({ (48...57).contains($0) }),
              let sent = Int64(timestamp) else {
            throw FactoryError(.unauthorized, reason: "bad_timestamp", "X-Timestamp is the send time in Unix seconds")
        }
        guard let given = hexBytes(signature) else { throw refused }
        // `isValidAuthenticationCode` compares in constant time.
        guard HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Array(timestamp.utf8) + [UInt8(ascii: ".")] + body, using: key) else {
            throw refused
        }
        // At most 12 digits, so the difference cannot overflow whatever a client sends.
        let skew = abs(now.microsecondsSinceEpoch / 1_000_000 - sent)
        guard skew <= allowedSkewSeconds else {
            throw FactoryError(.unauthorized, reason: "stale_request",
                               "X-Timestamp is \(skew) s away from server time (allowed \(allowedSkewSeconds) s): check the gateway's clock",
                               details: ["skew_s": String(skew)])
        }
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var i = 0
        while i < chars.count {
            guard let high = nibble(chars[i]), let low = nibble(chars[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
