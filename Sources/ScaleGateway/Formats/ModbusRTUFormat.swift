/// An indicator with a Modbus RTU board (research §2.5): the gateway asks for the weight and the
/// status word in one request, so that the two belong together, and reads them by the register
/// map configured for the model, since vendors differ in register, word order and number type.
public struct ModbusRTUFormat: IndicatorFormat {
    public static let name = "modbus-rtu"

    public enum Encoding: String, Sendable, CaseIterable {
        /// A signed 32-bit integer over two registers, high word first (CAS CI-600D) or low first.
        case int32, int32LowFirst = "int32-low-first"
        /// An IEEE 754 float over two registers (Tuna ID551PN, Eagle EI-1000), in kilograms.
        case float32, float32LowFirst = "float32-low-first"
        /// A signed 16-bit integer in one register.
        case int16

        var words: Int { self == .int16 ? 1 : 2 }
    }

    /// Where the weight and the status are, and what the status bits mean; a bit left nil is
    /// one the model does not have.
    public struct RegisterMap: Sendable, Equatable {
        public var slave: UInt8 = 1
        /// The weight's first register, as a protocol address (40001 is 0).
        public var weight: UInt16 = 0
        public var encoding: Encoding = .int32
        /// Digits after the point of an integer weight in kilograms (the indicator's decimal
        /// point setting): 2 makes 3050 read 30.50 kg.
        public var decimals = 0
        public var status: UInt16?
        public var motionBit: Int?
        public var overloadBit: Int?
        public var underloadBit: Int?
        public var netBit: Int?
        /// A bit the indicator sets while its weight data is valid.
        public var validBit: Int?

        public init() {}

        /// The registers one request reads: from the first of weight and status to the last.
        var span: (address: UInt16, count: UInt16) {
            let end = max(Int(weight) + encoding.words, status.map { Int($0) + 1 } ?? 0)
            let start = min(weight, status ?? weight)
            return (start, UInt16(end - Int(start)))
        }
    }

    public let map: RegisterMap
    public var framing: Framing { .modbus(slave: map.slave) }
    public var poll: [UInt8]? { ModbusRTU.request(slave: map.slave, address: map.span.address, count: map.span.count) }

    /// At most 125 registers in one request (the protocol's limit); many indicators take 32.
    public init?(map: RegisterMap) {
        guard map.span.count <= 125, map.decimals >= 0, map.decimals <= 6 else { return nil }
        self.map = map
    }

    public func parse(_ frame: [UInt8]) -> IndicatorFrame? {
        guard case .registers(let words) = ModbusRTU.answer(frame, slave: map.slave), words.count == Int(map.span.count) else { return nil }
        let base = Int(map.span.address)
        var stable: Bool?
        var net = false
        if let status = map.status {
            let word = words[Int(status) - base]
            func bit(_ number: Int?) -> Bool? { number.map { word & (1 << UInt16($0)) != 0 } }
            if bit(map.validBit) == false { return nil }
            if bit(map.overloadBit) == true { return IndicatorFrame(weight: .overload, stable: false) }
            if bit(map.underloadBit) == true { return IndicatorFrame(weight: .underload, stable: false) }
            stable = bit(map.motionBit).map { !$0 }
            net = bit(map.netBit) ?? false
        }
        let at = Int(map.weight) - base
        let (first, second) = (UInt32(words[at]), map.encoding.words == 2 ? UInt32(words[at + 1]) : 0)
        let grams: Int64
        switch map.encoding {
        case .int16: grams = Self.grams(Int64(Int16(bitPattern: UInt16(first))), decimals: map.decimals)
        case .int32: grams = Self.grams(Int64(Int32(bitPattern: first << 16 | second)), decimals: map.decimals)
        case .int32LowFirst: grams = Self.grams(Int64(Int32(bitPattern: second << 16 | first)), decimals: map.decimals)
        case .float32, .float32LowFirst:
            let kilograms = Float(bitPattern: map.encoding == .float32 ? first << 16 | second : second << 16 | first)
            guard kilograms.isFinite, abs(kilograms) < 1_000_000 else { return nil }
            grams = Int64((Double(kilograms) * 1000).rounded())
        }
        return IndicatorFrame(weight: .grams(grams), stable: stable, net: net)
    }

    /// Kilograms shown with `decimals` digits after the point, as grams rounded half away from zero.
    static func grams(_ shown: Int64, decimals: Int) -> Int64 {
        var divisor: Int64 = 1
        for _ in 0..<decimals { divisor *= 10 }
        let scaled = shown * 1000
        return scaled >= 0 ? (scaled * 2 + divisor) / (divisor * 2) : -((-scaled * 2 + divisor) / (divisor * 2))
    }
}
