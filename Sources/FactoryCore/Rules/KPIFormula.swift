/// The shift KPI of DIGEST §3 and DECISIONS B26 over plain integers:
///
///     plan_unit = plan_24h × shift_hours/24 × actual_crew/norm_crew
///     ach%      = min(cap, fact/plan × 100)
///     bonus     = bonus_100 × ach%/100
///
/// Quantities are milli-units of the norm's unit (grams for kg, millimetres for m), percentages
/// milli-percent (`Percent`), money minor units (`Money`).
///
/// The rounding rule, stated once: every division rounds half up to the unit it lands in
/// (`roundedHalfUp`), and a crew's shares are then cut from the rounded bonus so that they add
/// up to it exactly (`CrewSplit`).
public enum KPIFormula {
    /// One SKU's part of a shift: what the line made of it and its norm.
    public struct Part: Sendable, Equatable {
        public let factMilli: Int64
        public let planMilli: Int64

        public init(factMilli: Int64, planMilli: Int64) {
            self.factMilli = factMilli
            self.planMilli = planMilli
        }
    }

    /// `plan_24h × shift_hours/24 × actual_crew/norm_crew`. A crew larger than the norm raises
    /// the plan in proportion, a smaller one lowers it; no crew, no plan.
    public static func planUnit(plan24hMilli: Int64, shiftHours: Int64, actualCrew: Int64, normCrew: Int64) -> Int64 {
        guard normCrew > 0, actualCrew > 0 else { return 0 }
        return roundedHalfUp(plan24hMilli * shiftHours * actualCrew, 24 * normCrew)
    }

    /// `min(cap, fact/plan × 100)`. A shift that ran more than one SKU adds each SKU's fact as
    /// its share of that SKU's own plan (which is the formula itself for one SKU). A part with
    /// no plan adds nothing: output with no norm earns no achievement.
    public static func achievement(_ parts: [Part], cap: Percent) -> Percent {
        // Each part's share in millionths of a milli-percent, summed before the one rounding;
        // 128 bits, because a month's tonnes times that scale leave 64 behind.
        let scale: Int128 = 1_000_000
        var sum: Int128 = 0
        for part in parts where part.planMilli > 0 {
            sum += Int128(part.factMilli) * 100_000 * scale / Int128(part.planMilli)
        }
        let rounded = (sum + scale / 2) / scale
        return Percent(units: Int64(min(Int128(cap.units), rounded)))
    }

    /// `bonus_100 × ach%/100`.
    public static func bonus(at100: Money, achievement: Percent) -> Money {
        Money(minorUnits: roundedHalfUp(at100.minorUnits * achievement.units, Percent.hundred.units))
    }

    /// `numerator / denominator` for non-negative values, rounded half up.
    static func roundedHalfUp(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        (numerator + denominator / 2) / denominator
    }
}
