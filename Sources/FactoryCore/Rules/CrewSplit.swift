/// A shift's bonus split over its crew by hours of attendance (DECISIONS B26), to the minor
/// unit and adding up to the bonus exactly: each person gets the whole minor units of their
/// share, and the units left over go one each to the largest remainders (ties in the order
/// given, which callers make the usernames' order, so a split never depends on a hash).
public enum CrewSplit {
    public struct Member: Sendable, Equatable {
        public let key: String
        public let minutes: Int64

        public init(key: String, minutes: Int64) {
            self.key = key
            self.minutes = minutes
        }
    }

    /// The shares, in the order of `crew`. With no minutes worked there is no one to pay: every
    /// share is zero, and the caller reports the shift.
    public static func shares(of amount: Money, over crew: [Member]) -> [Money] {
        let total = crew.reduce(Int64(0)) { $0 + max(0, $1.minutes) }
        guard total > 0, amount.minorUnits > 0 else { return crew.map { _ in Money(minorUnits: 0) } }
        var whole = crew.map { amount.minorUnits * max(0, $0.minutes) / total }
        let remainders = crew.map { amount.minorUnits * max(0, $0.minutes) % total }
        var left = amount.minorUnits - whole.reduce(0, +)
        for index in remainders.indices.sorted(by: { remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1) }) {
            guard left > 0 else { break }
            whole[index] += 1
            left -= 1
        }
        return whole.map { Money(minorUnits: $0) }
    }
}
