import Foundation

extension UUID {
    /// A version-7 UUID (RFC 9562): the first 48 bits are Unix milliseconds, the other 74 are
    /// random. Ids made one after another sort one after another, so a new row's key lands on
    /// the last page of its index instead of a random one: with random ids every reading and
    /// every audit row dirtied a page of its own in the primary-key index, which SQLite's log
    /// and PostgreSQL's WAL then carried whole.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1_000).rounded())) & 0xFFFF_FFFF_FFFF
        var generator = SystemRandomNumberGenerator()
        let high = milliseconds << 16 | UInt64(generator.next() as UInt16)
        let low = generator.next() as UInt64
        var bytes = (high.bigEndian, low.bigEndian)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x70 // version 7
            raw[8] = (raw[8] & 0x3F) | 0x80 // RFC 9562 variant
            return UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                               raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
        }
    }
}
