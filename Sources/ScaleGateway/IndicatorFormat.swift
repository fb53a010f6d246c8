/// A serial output format of a weighing indicator: how its frames are delimited in the byte
/// stream and how one frame reads. Chosen per device in the gateway's configuration.
public protocol IndicatorFormat: Sendable {
    /// The configuration name (`ascii-st`, `yaohua-a12`, …).
    static var name: String { get }
    var framing: Framing { get }
    /// One whole frame, its delimiters removed; nil when it is not a valid frame of this format
    /// (a wrong baud rate, noise, a broken checksum): counted and logged, never trusted.
    func parse(_ frame: [UInt8]) -> IndicatorFrame?
    /// What to send the indicator to have a frame back, for formats that answer rather than
    /// stream (Modbus RTU); nil for a continuous output.
    var poll: [UInt8]? { get }
}

extension IndicatorFormat {
    public var poll: [UInt8]? { nil }
}

/// The formats a gateway knows, by their configuration names.
public enum IndicatorFormats {
    public static let all: [any IndicatorFormat.Type] = [
        ASCIIStatusFormat.self, YaohuaA12Format.self, YaohuaContinuousFormat.self, YaohuaEqualsFormat.self, ToledoContinuousFormat.self,
        ModbusRTUFormat.self,
    ]

    public static var names: [String] { all.map { $0.name } + [YaohuaEqualsFormat.reversedName, ToledoContinuousFormat.checksumName] }

    /// The format configured as `name`; nil for an unknown name, or for Modbus RTU without its
    /// register map.
    public static func named(_ name: String, modbus map: ModbusRTUFormat.RegisterMap? = nil) -> (any IndicatorFormat)? {
        switch name {
        case ModbusRTUFormat.name: map.flatMap(ModbusRTUFormat.init(map:))
        case ASCIIStatusFormat.name: ASCIIStatusFormat()
        case YaohuaA12Format.name: YaohuaA12Format()
        case YaohuaContinuousFormat.name: YaohuaContinuousFormat()
        case YaohuaEqualsFormat.name: YaohuaEqualsFormat(reversed: false)
        case YaohuaEqualsFormat.reversedName: YaohuaEqualsFormat(reversed: true)
        case ToledoContinuousFormat.name: ToledoContinuousFormat(checksum: false)
        case ToledoContinuousFormat.checksumName: ToledoContinuousFormat(checksum: true)
        default: nil
        }
    }
}

/// Bytes of a frame as ASCII text, for the parsers that read text.
extension Array where Element == UInt8 {
    var ascii: String? {
        guard allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: self, as: UTF8.self)
    }
}

/// Two ASCII hex digits as Yaohua and others send a checksum: each nibble + 0x30 when ≤ 9,
/// + 0x37 when above.
func hexNibbles(_ high: UInt8, _ low: UInt8) -> UInt8? {
    func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        default: nil
        }
    }
    guard let high = nibble(high), let low = nibble(low) else { return nil }
    return high << 4 | low
}
