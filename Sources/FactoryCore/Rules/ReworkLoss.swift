/// The grinder's loss (spec §3 "Loss%"): (in − out) / in × 100, in thousandths of a percent,
/// rounded half away from zero; negative when more came out than went in (a scale to check).
public enum ReworkLoss {
    /// The P3 alert threshold of DECISIONS A.
    public static let alertThreshold = Percent.whole(15)

    public static func percent(in input: Grams, out output: Grams) -> Percent? {
        guard input.grams > 0 else { return nil }
        let scaled = Int128(input.grams - output.grams) * 100_000
        let divisor = Int128(input.grams)
        let rounded = scaled >= 0 ? (scaled + divisor / 2) / divisor : (scaled - divisor / 2) / divisor
        return Percent(units: Int64(rounded))
    }
}
