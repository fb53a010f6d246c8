/// The ASCII `ST,GS,` family (A&D, CAS, General Measure, Selleton and many OEMs):
/// `ST,GS,+011.120kg`, `US,NT,+0012.34kg`, `ST,+00123.45  g`, `OL,GS,+999999.9 g`,
/// `ST,GS      87,g`. Commas, spaces and the sign are optional and the unit may sit before or
/// after a comma; `ST`/`QT` stable, `US` unstable, `OL` over, `LO` out of range (digits blanked).
public struct ASCIIStatusFormat: IndicatorFormat {
    public static let name = "ascii-st"
    public var framing: Framing { .line }

    public init() {}

    public func parse(_ frame: [UInt8]) -> IndicatorFrame? {
        guard let text = frame.ascii else { return nil }
        let pattern = /^\s*(ST|US|OL|QT|LO)\s*,\s*(?:(GS|NT|TR)\s*,?)?\s*([+-]?)\s*([0-9]*[.,]?[0-9]*)\s*([+-]?)\s*,?\s*(kg|g|t)?\s*$/
            .ignoresCase()
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        let status = match.1.uppercased()
        let net = match.2?.uppercased() == "NT"
        if match.2?.uppercased() == "TR" { return nil }
        switch status {
        case "OL": return IndicatorFrame(weight: .overload, stable: false, net: net)
        case "LO": return IndicatorFrame(weight: .underload, stable: false, net: net)
        default: break
        }
        // Out of range reads as blanked digits: never a zero.
        guard !match.4.isEmpty, let grams = IndicatorFrame.grams(match.4, negative: match.3 == "-" || match.5 == "-", unit: match.6 ?? "kg") else {
            return match.4.isEmpty ? IndicatorFrame(weight: .overload, stable: false, net: net) : nil
        }
        return IndicatorFrame(weight: .grams(grams), stable: status != "US", net: net)
    }
}
