/// Yaohua XK3190 "=" continuous formats: `=` then seven characters with the point. Format 1
/// sends them least significant first followed by the sign (`=000.3000` is 3.000 kg,
/// `=00.1000-` is −1.00 kg); format 2 sends the sign first and the digits in order
/// (`=0003.000`, `=-0001.00`). No stability flag, no checksum: stability is inferred.
public struct YaohuaEqualsFormat: IndicatorFormat {
    public static let name = "yaohua-eq"
    public static let reversedName = "yaohua-eq-reversed"
    public let reversed: Bool
    public var framing: Framing { .prefixed(UInt8(ascii: "="), length: 8) }

    public init(reversed: Bool) { self.reversed = reversed }

    public func parse(_ frame: [UInt8]) -> IndicatorFrame? {
        guard frame.count == 8, let text = frame.ascii else { return nil }
        let sign: Character
        let digits: Substring
        if reversed {
            sign = text.last!
            digits = Substring(String(text.dropLast().reversed()))
        } else {
            sign = text.first!
            digits = text.dropFirst()
            // Format 2 writes a positive weight's first digit where the sign would be.
            if sign != "-" {
                guard let grams = IndicatorFrame.grams(Substring(text), negative: false, unit: "kg") else { return nil }
                return IndicatorFrame(weight: .grams(grams), stable: nil)
            }
        }
        guard sign == "0" || sign == "-" || sign == "+",
              let grams = IndicatorFrame.grams(digits, negative: sign == "-", unit: "kg") else { return nil }
        return IndicatorFrame(weight: .grams(grams), stable: nil)
    }
}
