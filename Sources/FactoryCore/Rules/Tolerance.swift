/// What the weight of a package should be, and whether the scale agrees (spec §19.2;
/// DECISIONS B10).
public enum Tolerance {
    /// The conversion factors of an SKU.
    public struct Factors: Sendable, Equatable {
        public let kgPerM2: AreaDensity?
        public let widthUM: Length?
        public let kgPerM: LinearDensity?
        public let toleranceWeight: Percent?

        public init(kgPerM2: AreaDensity?, width: Length?, kgPerM: LinearDensity?, toleranceWeight: Percent?) {
            self.kgPerM2 = kgPerM2
            self.widthUM = width
            self.kgPerM = kgPerM
            self.toleranceWeight = toleranceWeight
        }
    }

    public enum Verdict: Sendable, Equatable {
        /// Within tolerance of the norm.
        case ok(norm: Grams, deviation: Percent)
        /// Outside tolerance: the package goes to the shop head's review.
        case review(norm: Grams, deviation: Percent)
        /// The SKU has no usable conversion: the package is held, never divided by zero.
        case noConversion(reason: String)

        public var status: ToleranceStatus? {
            switch self {
            case .ok: .ok
            case .review: .review
            case .noConversion: nil
            }
        }
    }

    /// The norm in grams: kg_per_m2 × width × length, or kg_per_m × length, rounded to the
    /// nearest gram. Nil when neither factor set is complete or the norm would be 0 g.
    public static func norm(_ factors: Factors, length: Length) -> Grams? {
        let milligrams: Int128
        if let density = factors.kgPerM2, let width = factors.widthUM {
            // mg/m² × µm × µm = mg × 10⁻¹²
            milligrams = divideRounded(Int128(density.units) * Int128(width.micrometres) * Int128(length.micrometres), 1_000_000_000_000)
        } else if let density = factors.kgPerM {
            // mg/m × µm = mg × 10⁻⁶
            milligrams = divideRounded(Int128(density.units) * Int128(length.micrometres), 1_000_000)
        } else {
            return nil
        }
        let grams = divideRounded(milligrams, 1000)
        guard grams > 0, grams <= Int128(Grams.maximum) else { return nil }
        return Grams(Int64(grams))
    }

    /// The deviation |weight − norm| / norm in thousandths of a percent, rounded up so a
    /// package a hair over the tolerance is never called ok.
    public static func deviation(weight: Grams, norm: Grams) -> Percent {
        let difference = Int128(abs(weight.grams - norm.grams)) * 100_000
        let denominator = Int128(norm.grams)
        return Percent(units: Int64((difference + denominator - 1) / denominator))
    }

    public static func check(weight: Grams, length: Length, factors: Factors) -> Verdict {
        guard let tolerance = factors.toleranceWeight else {
            return .noConversion(reason: "the SKU has no weight tolerance")
        }
        guard let norm = norm(factors, length: length) else {
            return .noConversion(reason: "the SKU has no usable kg_per_m2 with width, or kg_per_m")
        }
        let deviation = deviation(weight: weight, norm: norm)
        return deviation <= tolerance ? .ok(norm: norm, deviation: deviation) : .review(norm: norm, deviation: deviation)
    }

    /// B10: a typed length agrees with the counter's when |typed − counted| / counted is within
    /// the SKU's `tolerance_length_pct` (rounded up, as for weight). A counter that shows 0 m
    /// measured nothing to compare with.
    public static func lengthAgrees(typed: Length, counted: Length, tolerance: Percent) -> Bool {
        guard counted.micrometres > 0 else { return true }
        let difference = Int128(abs(typed.micrometres - counted.micrometres)) * 100_000
        let denominator = Int128(counted.micrometres)
        return Percent(units: Int64((difference + denominator - 1) / denominator)) <= tolerance
    }

    static func divideRounded(_ value: Int128, _ divisor: Int128) -> Int128 {
        (value + divisor / 2) / divisor
    }
}
