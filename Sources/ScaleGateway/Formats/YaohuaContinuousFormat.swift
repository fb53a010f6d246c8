/// Yaohua XK3190-A9+/A26/A23P continuous format 0, 12 bytes: STX, the sign, six digits most
/// significant first, the number of decimal places (0–4), the XOR of bytes 2–9 as two ASCII hex
/// digits, ETX. No stability flag.
public struct YaohuaContinuousFormat: IndicatorFormat {
    public static let name = "yaohua-stx"
    public var framing: Framing { .stxEtx }

    public init() {}

    /// `frame` is the ten bytes between STX and ETX.
    public func parse(_ frame: [UInt8]) -> IndicatorFrame? {
        guard frame.count == 10, let sent = hexNibbles(frame[8], frame[9]), frame[0..<8].reduce(0, ^) == sent,
              frame[0] == UInt8(ascii: "+") || frame[0] == UInt8(ascii: "-"),
              frame[1..<7].allSatisfy({ (0x30...0x39).contains($0) }), (0x30...0x34).contains(frame[7]) else { return nil }
        var units: Int64 = 0
        for digit in frame[1..<7] { units = units * 10 + Int64(digit - 0x30) }
        let places = Int(frame[7] - 0x30)
        var divisor: Int64 = 1
        for _ in 0..<places { divisor *= 10 }
        // Kilograms with `places` decimals to grams, rounded half up.
        let grams = (units * 1000 * 2 + divisor) / (divisor * 2)
        return IndicatorFrame(weight: .grams(frame[0] == UInt8(ascii: "-") ? -grams : grams), stable: nil)
    }
}
