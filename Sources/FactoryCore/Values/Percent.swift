/// A percentage to 0.001 % (35 % is 35000 units): tolerances, VT limits, loss, achievement.
public struct Percent: FixedPoint {
    public static let scale = 3
    /// Percentages of the spec never exceed 100, but a loss or a ratio computed from
    /// facts may; 1,000,000 % bounds typed input only.
    public static let maximum: Int64 = 1_000_000_000
    public static let noun = "percent"
    public let units: Int64
    public init(units: Int64) { self.units = units }

    public static func whole(_ percent: Int64) -> Percent { Percent(units: percent * 1000) }
    public static let hundred = Percent.whole(100)
}

extension Percent {
    /// A percentage as a person writes it, without trailing zeros: "95", "2.5".
    public var plainText: String {
        var text = decimalText
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
