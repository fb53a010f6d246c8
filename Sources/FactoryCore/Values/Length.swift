/// A length in micrometres: roll lengths (metres, 0.001 m), widths and thicknesses
/// (millimetres, 0.001 mm) share one exact unit.
public struct Length: FixedPoint {
    /// Display unit is the metre.
    public static let scale = 6
    /// 1,000 km of film: no roll is longer.
    public static let maximum: Int64 = 1_000_000_000_000
    public static let noun = "length_m"
    public static let inputDecimals = 3
    public let units: Int64
    public init(units: Int64) { self.units = units }

    public var micrometres: Int64 { units }
    public static func metres(_ m: Int64) -> Length { Length(units: m * 1_000_000) }
    public static func millimetres(_ mm: Int64) -> Length { Length(units: mm * 1000) }

    /// Parses millimetres (widths, thicknesses) with at most 3 decimals.
    public init(parsingMillimetres text: String, field: String) throws {
        self.init(units: try DecimalText.parse(text, scale: 3, max: Self.maximum / 1000, field: field))
    }

    /// Millimetres with 3 decimals, for width and thickness columns.
    public var millimetreText: String { DecimalText.format(units, scale: 3) }

    /// Metres to the millimetre (`249.943`), as a roll's length is read on a screen or label;
    /// a counter's micrometres are rounded, half away from zero.
    public var metreText: String { DecimalText.format((units + (units < 0 ? -500 : 500)) / 1000, scale: 3) }
}

/// Mass per area in milligrams per square metre (kg_per_m2 to 0.00001 kg).
public struct AreaDensity: FixedPoint {
    /// Display unit is kg/m².
    public static let scale = 6
    public static let maximum: Int64 = 1_000_000_000
    public static let noun = "kg_per_m2"
    public let units: Int64
    public init(units: Int64) { self.units = units }
}

/// Mass per length in milligrams per metre (kg_per_m to 0.00001 kg).
public struct LinearDensity: FixedPoint {
    /// Display unit is kg/m.
    public static let scale = 6
    public static let maximum: Int64 = 1_000_000_000
    public static let noun = "kg_per_m"
    public let units: Int64
    public init(units: Int64) { self.units = units }
}
