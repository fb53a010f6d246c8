extension ModbusRTUFormat.RegisterMap {
    /// The keys of a register map written as configuration text.
    public static let keys = ["slave", "weight", "encoding", "decimals", "status", "motion-bit", "overload-bit", "underload-bit", "net-bit", "valid-bit"]

    /// A register map from configuration text, comma-separated `key=value` pairs as the
    /// indicator's manual gives them, e.g.
    /// `slave=1,weight=40001,encoding=float32,status=40005,motion-bit=12,overload-bit=10`.
    /// Registers are written as manuals write them (40001 is the first holding register); a
    /// number below 40001 is taken as the protocol address itself. Throws a sentence naming
    /// what is wrong.
    public init(text: String) throws(ConfigurationError) {
        self.init()
        var seenWeight = false
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
            guard parts.count == 2 else { throw ConfigurationError("modbus: \(pair) is not key=value") }
            let (key, value) = (parts[0], parts[1])
            func number(_ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
                guard let number = Int(value), range.contains(number) else {
                    throw ConfigurationError("modbus: \(key)=\(value) is not a number in \(range.lowerBound)…\(range.upperBound)")
                }
                return number
            }
            func register() throws(ConfigurationError) -> UInt16 {
                let number = try number(0...49_999)
                if number >= 40_001 { return UInt16(number - 40_001) }
                guard number <= 9_999 else { throw ConfigurationError("modbus: \(key)=\(value) is neither a 4xxxx register nor an address below 10000") }
                return UInt16(number)
            }
            switch key {
            case "slave": slave = UInt8(try number(1...247))
            case "weight": weight = try register(); seenWeight = true
            case "encoding":
                guard let encoding = ModbusRTUFormat.Encoding(rawValue: value) else {
                    throw ConfigurationError("modbus: encoding=\(value) is not one of \(ModbusRTUFormat.Encoding.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                self.encoding = encoding
            case "decimals": decimals = try number(0...6)
            case "status": status = try register()
            case "motion-bit": motionBit = try number(0...15)
            case "overload-bit": overloadBit = try number(0...15)
            case "underload-bit": underloadBit = try number(0...15)
            case "net-bit": netBit = try number(0...15)
            case "valid-bit": validBit = try number(0...15)
            default: throw ConfigurationError("modbus: \(key) is not one of \(Self.keys.joined(separator: ", "))")
            }
        }
        guard seenWeight else { throw ConfigurationError("modbus: weight= is needed (the weight's first register, e.g. weight=40001)") }
        let bits = [motionBit, overloadBit, underloadBit, netBit, validBit].compactMap { $0 }
        guard bits.isEmpty || status != nil else { throw ConfigurationError("modbus: status bits are given without status= (the status register)") }
        guard span.count <= 125 else { throw ConfigurationError("modbus: weight and status are \(span.count) registers apart; one request reads at most 125") }
    }
}

/// A setting the gateway cannot run with, said as a sentence for its operator.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
