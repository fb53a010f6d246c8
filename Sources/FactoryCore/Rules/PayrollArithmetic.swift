/// One person's month (DECISIONS B26): `net = base + KPI bonus − advance − penalties`. The
/// advance is deducted only when the run includes it (`include_avans`: a run before the
/// advance was paid leaves it out). A net below zero is kept as it is, not clipped: the person
/// owes the difference, and finance must see it.
public enum PayrollArithmetic {
    public struct Line: Sendable, Equatable {
        public let base: Money
        public let kpiBonus: Money
        public let advance: Money
        public let penalties: Money
        public let net: Money
    }

    public static func line(base: Money, kpiBonus: Money, advance: Money, penalties: Money, includeAdvance: Bool) -> Line {
        let advance = includeAdvance ? advance : Money(minorUnits: 0)
        return Line(base: base, kpiBonus: kpiBonus, advance: advance, penalties: penalties,
                    net: Money(minorUnits: base.minorUnits + kpiBonus.minorUnits - advance.minorUnits - penalties.minorUnits))
    }

    /// A named penalty kind counted `count` times at its amount in the KPI configuration.
    public static func penalty(count: Int64, amount: Money) -> Money { Money(minorUnits: count * amount.minorUnits) }
}
