import Foundation

extension UUID {
    /// A version-4 UUID from the system generator (one `getrandom` call). Foundation's `UUID()`
    /// on Linux opens, reads and closes /dev/urandom for every identifier, and a package
    /// creation makes several: its own, its audit rows', its bindings'.
    public static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        return UUID(version: 4, high: generator.next(), low: generator.next())
    }

    /// A UUID of `version` from 128 bits, whose version and variant bits are overwritten.
    init(version: UInt8, high: UInt64, low: UInt64) {
        var bytes = (high.bigEndian, low.bigEndian)
        self = withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | version << 4
            raw[8] = (raw[8] & 0x3F) | 0x80 // RFC 9562 variant
            return UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                               raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
        }
    }

    /// The lower-case text both databases store (`uuidString.lowercased()`, without the two
    /// intermediate strings): ids are written and compared on every request.
    public var lowercasedText: String {
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: uuid) { raw in
            var text: [UInt8] = []
            text.reserveCapacity(36)
            for (offset, byte) in raw.enumerated() {
                if offset == 4 || offset == 6 || offset == 8 || offset == 10 { text.append(UInt8(ascii: "-")) }
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
