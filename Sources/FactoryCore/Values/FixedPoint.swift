/// A quantity held as an exact integer count of its smallest unit.
///
/// `Grams`, `Money`, `Percent` and the lengths and densities share parsing, formatting,
/// arithmetic and coding through this protocol, so none of them touches a `Double`.
public protocol FixedPoint: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Decimal digits between the display unit and the stored unit (kg → g is 3).
    static var scale: Int { get }
    /// The largest value a person or a client may enter, in stored units.
    static var maximum: Int64 { get }
    /// What the value is called in error messages when no field name is given.
    static var noun: String { get }
    /// Decimals a person or client may type; finer stored units stay reachable only through
    /// arithmetic (a length typed to the millimetre is stored in micrometres).
    static var inputDecimals: Int { get }
    var units: Int64 { get }
    init(units: Int64)
}

extension FixedPoint {
    public static var zero: Self { Self(units: 0) }
    public static var inputDecimals: Int { scale }

    private static var inputStep: Int64 {
        var step: Int64 = 1
        for _ in 0..<(scale - inputDecimals) { step *= 10 }
        return step
    }

    /// Parses display-unit text ("12.345" kg) exactly; see `DecimalText.parse`.
    public init(parsing text: String, field: String? = nil) throws {
        let typed = try DecimalText.parse(text, scale: Self.inputDecimals, max: Self.maximum / Self.inputStep, field: field ?? Self.noun)
        self.init(units: typed * Self.inputStep)
    }

    /// Parses a JSON number in display units exactly.
    public init(parsing number: Double, field: String? = nil) throws {
        let typed = try DecimalText.parse(number, scale: Self.inputDecimals, max: Self.maximum / Self.inputStep, field: field ?? Self.noun)
        self.init(units: typed * Self.inputStep)
    }

    /// The display-unit text with all `scale` decimals ("12.345").
    public var decimalText: String { DecimalText.format(units, scale: Self.scale) }
    public var description: String { decimalText }

    public static func < (a: Self, b: Self) -> Bool { a.units < b.units }
    public static func + (a: Self, b: Self) -> Self { Self(units: a.units + b.units) }
    public static func - (a: Self, b: Self) -> Self { Self(units: a.units - b.units) }
    public static func += (a: inout Self, b: Self) { a = a + b }
    public static func -= (a: inout Self, b: Self) { a = a - b }
    public var magnitude: Self { Self(units: abs(units)) }
    public var isNegative: Bool { units < 0 }

    public init(from decoder: any Decoder) throws {
        self.init(units: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(units)
    }
}

extension Sequence {
    /// Exact sum of a fixed-point property over a sequence.
    public func sum<Q: FixedPoint>(_ value: (Element) -> Q) -> Q {
        reduce(Q.zero) { $0 + value($1) }
    }
}
