/// The ASCII `ST,GS,` family (A&D, CAS, General Measure, Selleton and many OEMs):
/// `ST,GS,+011.120kg`, `US,NT,+0012.34kg`, `ST,+00123.45  g`, `OL,GS,+999999.9 g`,
/// `ST,GS      87,g`. Commas, spaces and the sign are optional and the unit may sit before or
/// after a comma; `ST`/`QT` stable, `US` unstable, `OL` over, `LO` out of range (digits blanked).
/// Read by a small scanner rather than a regular expression: a gateway parses every frame the
/// indicator streams, 5–25 a second.
public struct ASCIIStatusFormat: IndicatorFormat {
    public static let name = "ascii-st"
    public var framing: Framing { .line }

    public init() {}

    public func parse(_ frame: [UInt8]) -> IndicatorFrame? {
        guard let text = frame.ascii else { return nil }
        var rest = Substring(text.uppercased())
        func skipSpaces() { rest = rest.drop { $0 == " " } }
        func take(_ word: String) -> Bool {
            guard rest.hasPrefix(word) else { return false }
            rest = rest.dropFirst(word.count)
            return true
        }
        func skipComma() { skipSpaces(); _ = take(","); skipSpaces() }

        skipSpaces()
        guard let status = ["ST", "US", "OL", "QT", "LO"].first(where: take) else { return nil }
        skipSpaces()
        guard take(",") else { return nil }
        skipSpaces()
        let mode = ["GS", "NT", "TR"].first(where: take)
        if mode == "TR" { return nil }
        if mode != nil { skipComma() }
        var negative = false
        if take("+") { skipSpaces() } else if take("-") { negative = true; skipSpaces() }
        let number = rest.prefix { $0.isNumber || $0 == "." || $0 == "," }
        // A comma straight after the digits separates the unit, not decimals ("87,g").
        let digits = number.last == "," ? number.dropLast() : number
        rest = rest.dropFirst(digits.count)
        skipSpaces()
        if take("-") { negative = true }
        skipComma()
        let unit = rest.prefix { $0.isLetter }
        rest = rest.dropFirst(unit.count)
        skipSpaces()
        guard rest.isEmpty, unit.isEmpty || ["KG", "G", "T"].contains(String(unit)) else { return nil }
        let net = mode == "NT"
        switch status {
        case "OL": return IndicatorFrame(weight: .overload, stable: false, net: net)
        case "LO": return IndicatorFrame(weight: .underload, stable: false, net: net)
        default: break
        }
        // Out of range reads as blanked digits: never a zero.
        guard !digits.isEmpty else { return IndicatorFrame(weight: .overload, stable: false, net: net) }
        guard let grams = IndicatorFrame.grams(digits, negative: negative, unit: unit) else { return nil }
        return IndicatorFrame(weight: .grams(grams), stable: status != "US", net: net)
    }
}
