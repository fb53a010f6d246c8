/// What the receiving store weighed against what the sending store sent (DECISIONS B17). The
/// receiving weight is what enters its stock either way; a difference beyond the limit is
/// confirmed by the person receiving and leaves an alert for the shop head, because a load
/// that lost 12 % between two scales is either a scale to check or material gone missing.
public struct TransferDifference: Sendable, Equatable {
    public let sent: Grams
    public let received: Grams

    public init(sent: Grams, received: Grams) {
        self.sent = sent
        self.received = received
    }

    /// Received minus sent: negative when less arrived.
    public var difference: Grams { received - sent }

    /// The difference as a signed share of what was sent, to 0.001 %, half away from zero;
    /// nil when nothing was sent.
    public var percent: Percent? {
        guard sent.grams > 0 else { return nil }
        let scaled = Int128(difference.grams) * 100_000
        let divisor = Int128(sent.grams)
        let rounded = scaled >= 0 ? (scaled + divisor / 2) / divisor : (scaled - divisor / 2) / divisor
        return Percent(units: Int64(rounded))
    }

    /// Whether the difference, either way, is beyond `limit`.
    public func exceeds(_ limit: Percent) -> Bool {
        guard let percent else { return difference != .zero }
        return percent.magnitude > limit
    }
}
