/// The VT-limit gate's rule (spec §19.5; DECISIONS B16): a session whose recycled (VT) share
/// of input exceeds the recipe's `vt_limit_pct` must pause.
public enum VTShare {
    /// The VT share in thousandths of a percent, rounded down (for display).
    public static func share(vt: Grams, total: Grams) -> Percent {
        guard total.grams > 0 else { return .zero }
        return Percent(units: Int64(Int128(vt.grams) * 100_000 / Int128(total.grams)))
    }

    /// True when vt / total > limit, compared exactly (no rounding can let 1 g slip through).
    public static func exceeds(vt: Grams, total: Grams, limit: Percent) -> Bool {
        guard total.grams > 0 else { return false }
        return Int128(vt.grams) * 100_000 > Int128(limit.units) * Int128(total.grams)
    }
}
