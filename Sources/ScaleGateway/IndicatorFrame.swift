/// One frame of a weighing indicator's serial output, as a gateway reads it: the weight in
/// grams, or the indicator's word that there is none to trust (overload, underload), with the
/// flags the format carries. Exact integers only: a frame's decimal text becomes grams at once.
public struct IndicatorFrame: Sendable, Equatable {
    public enum Weight: Sendable, Equatable {
        /// Signed grams as displayed (a drifting zero reads negative).
        case grams(Int64)
        /// Over capacity or out of range: the digits are not a weight (A&D blanks them, Dibal
        /// sends zero).
        case overload
        case underload
    }

    public let weight: Weight
    /// The indicator's own stability flag; nil when the format has none (stability is then
    /// inferred from the samples alone).
    public let stable: Bool?
    /// A net frame (the indicator's tare subtracted): the ingest takes gross weights only.
    public let net: Bool

    public init(weight: Weight, stable: Bool?, net: Bool = false) {
        (self.weight, self.stable, self.net) = (weight, stable, net)
    }

    /// Grams of a weight displayed as `text` (digits with at most one point or comma) in `unit`,
    /// rounded half away from zero to the gram; nil when the text is not a number or the unit
    /// not one of kg, g, t.
    static func grams(_ text: Substring, negative: Bool, unit: Substring) -> Int64? {
        let scale: Int64
        switch unit.lowercased() {
        case "kg", "": scale = 1000
        case "g": scale = 1
        case "t": scale = 1_000_000
        default: return nil
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        var digits = 0
        for character in text {
            if character == "." || character == "," {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if let digit = character.wholeNumberValue, character.isASCII {
                digits += 1
                guard digits <= 12 else { return nil }
                if seenPoint { fraction = fraction * 10 + Int64(digit); fractionDigits += 1 } else { whole = whole * 10 + Int64(digit) }
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        var divisor: Int64 = 1
        for _ in 0..<fractionDigits { divisor *= 10 }
        // whole × scale + fraction × scale / divisor, rounded half up.
        let grams = whole * scale + (fraction * scale * 2 + divisor) / (divisor * 2)
        return negative ? -grams : grams
    }
}
