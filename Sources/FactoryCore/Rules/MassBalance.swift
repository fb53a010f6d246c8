/// The mass balance of a session (spec §3 formulas, §6.8, §19.3; DECISIONS B11):
/// `scrap_expected = input − good − wip`,
/// `delta = |scrap_expected − (rework_in_linked + disposed_linked + outstanding)|`,
/// and the session may close when `delta ≤ min(1 % of input, 5 kg)`.
public struct MassBalance: Sendable, Equatable {
    public let input: Grams
    public let good: Grams
    public let wip: Grams
    public let reworkInLinked: Grams
    public let disposedLinked: Grams
    public let outstanding: Grams

    public init(input: Grams, good: Grams, wip: Grams, reworkInLinked: Grams, disposedLinked: Grams, outstanding: Grams) {
        self.input = input
        self.good = good
        self.wip = wip
        self.reworkInLinked = reworkInLinked
        self.disposedLinked = disposedLinked
        self.outstanding = outstanding
    }

    /// The ceiling of the balance error: 5 kg.
    public static let absoluteLimit = Grams.kilograms(5)

    /// May be negative when more came out than went in; the delta then shows it.
    public var scrapExpected: Grams { input - good - wip }

    /// Scrap that is accounted for: taken in by the grinder, disposed, or still waiting.
    public var scrapAccounted: Grams { reworkInLinked + disposedLinked + outstanding }

    public var delta: Grams { (scrapExpected - scrapAccounted).magnitude }

    /// min(1 % of input, 5 kg), rounded down to the gram so the limit never exceeds 1 %;
    /// a session with no input has no allowance (B11).
    public var limit: Grams {
        guard input.grams > 0 else { return .zero }
        return min(Grams(input.grams / 100), Self.absoluteLimit)
    }

    public var gateOK: Bool { delta <= limit }
}
