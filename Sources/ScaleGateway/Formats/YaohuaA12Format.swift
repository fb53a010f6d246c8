/// Yaohua XK3190-A12/A12E, 15 bytes: `W`, `G`|`N`, seven characters of weight with the point
/// (the third `-` when negative), `kg`, the XOR of the preceding bytes as two ASCII hex digits,
/// CR LF. `WG004.139kg3D`. Overload is nine spaces, `OL` and its checksum; under range `LO`.
/// The format has no stability flag.
public struct YaohuaA12Format: IndicatorFormat {
    public static let name = "yaohua-a12"
    public var framing: Framing { .line }

    public init() {}

    public func parse(_ frame: [UInt8]) -> IndicatorFrame? {
        guard frame.count >= 3, let sent = hexNibbles(frame[frame.count - 2], frame[frame.count - 1]) else { return nil }
        let body = frame.dropLast(2)
        guard body.reduce(0, ^) == sent, let text = Array(body).ascii else { return nil }
        if text == String(repeating: " ", count: 9) + "OL" { return IndicatorFrame(weight: .overload, stable: nil) }
        if text == String(repeating: " ", count: 9) + "LO" { return IndicatorFrame(weight: .underload, stable: nil) }
        guard text.count == 11, text.hasPrefix("W"), text.hasSuffix("kg") else { return nil }
        let kind = text[text.index(after: text.startIndex)]
        guard kind == "G" || kind == "N" else { return nil }
        let digits = text.dropFirst(2).dropLast(2)
        let negative = digits.contains("-")
        let value = digits.filter { $0 != "-" && $0 != " " }
        guard let grams = IndicatorFrame.grams(Substring(value), negative: negative, unit: "kg") else { return nil }
        return IndicatorFrame(weight: .grams(grams), stable: nil, net: kind == "N")
    }
}
