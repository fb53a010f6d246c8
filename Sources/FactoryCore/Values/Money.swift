/// An amount of money in minor units (tiyin for UZS): 0.01 precision, never floating point.
public struct Money: FixedPoint {
    public static let scale = 2
    public static let maximum: Int64 = 100_000_000_000_000
    public static let noun = "amount"
    public let units: Int64
    public init(units: Int64) { self.units = units }

    public init(minorUnits: Int64) { self.units = minorUnits }
    public var minorUnits: Int64 { units }
}
