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
        return UUID(version: 7, high: milliseconds << 16 | UInt64(generator.next() as UInt16), low: generator.next())
    }
}
