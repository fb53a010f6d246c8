/// A mass in whole grams: the product's only representation of weight (0.001 kg precision).
public struct Grams: FixedPoint {
    public static let scale = 3
    /// 1,000 tonnes: far above any scale on the floor, far below overflow in sums.
    public static let maximum: Int64 = 1_000_000_000
    public static let noun = "weight_kg"
    public let units: Int64
    public init(units: Int64) { self.units = units }

    public init(_ grams: Int64) { self.units = grams }
    public static func kilograms(_ kg: Int64) -> Grams { Grams(kg * 1000) }
    public var grams: Int64 { units }
}
