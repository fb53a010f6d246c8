/// What an indicator sends, written the way its manual shows it: for the scale simulator and the
/// tests that play an indicator to a gateway. Weights in grams, up to 999.999 kg.
public enum IndicatorOutput {
    /// The formats a simulated indicator can speak.
    public static let formats = [ASCIIStatusFormat.name, YaohuaA12Format.name, ToledoContinuousFormat.name, ModbusRTUFormat.name]

    /// The register map a simulated Modbus indicator answers by, as the gateway's --modbus option
    /// writes it: the Tuna ID551PN's (research §2.5), displayed weight as a float at 40001,
    /// status at 40005.
    public static let modbusMapText = "slave=1,weight=40001,encoding=float32,status=40005,motion-bit=12,overload-bit=10,underload-bit=9,net-bit=11,valid-bit=15"
    public static let modbusMap = try! ModbusRTUFormat.RegisterMap(text: modbusMapText)

    /// One frame of a continuous format, delimiters included; nil for a polled format.
    public static func frame(_ format: String, grams: Int64, stable: Bool) -> [UInt8]? {
        let magnitude = min(abs(grams), 999_999)
        let kilograms = "\(magnitude / 1000).\(String(1000 + magnitude % 1000).dropFirst())"
        let padded = String(repeating: "0", count: max(0, 7 - kilograms.count)) + kilograms
        let sign = grams < 0 ? "-" : "+"
        switch format {
        case ASCIIStatusFormat.name:
            return Array("\(stable ? "ST" : "US"),GS,\(sign)\(padded)kg\r\n".utf8)
        case YaohuaA12Format.name:
            let weight = grams < 0 ? "-" + padded.dropFirst() : padded
            let body = Array("WG\(weight)kg".utf8)
            return body + hex(body.reduce(0, ^)) + [0x0D, 0x0A]
        case ToledoContinuousFormat.name:
            // SWA: three decimals (code 5); SWB: kg, the sign and motion bits.
            let swb: UInt8 = 0x30 | (grams < 0 ? 0x02 : 0) | (stable ? 0 : 0x08)
            let digits = String(1_000_000 + magnitude).dropFirst()
            return [0x02, 0x25, swb, 0x20] + Array(digits.utf8) + Array("000000".utf8) + [0x0D]
        default:
            return nil
        }
    }

    /// The answer of an indicator laid out as `map` to `request` (a read of holding registers),
    /// showing `grams`; nil when the request is not a valid one for it.
    public static func modbusAnswer(to request: [UInt8], map: ModbusRTUFormat.RegisterMap = modbusMap, grams: Int64, stable: Bool) -> [UInt8]? {
        guard request.count == 8, request[0] == map.slave, request[1] == ModbusRTU.readHoldingRegisters,
              ModbusRTU.crc(request.prefix(6)) == UInt16(request[6]) | UInt16(request[7]) << 8 else { return nil }
        let address = Int(UInt16(request[2]) << 8 | UInt16(request[3]))
        let count = Int(UInt16(request[4]) << 8 | UInt16(request[5]))
        guard (1...125).contains(count) else { return ModbusRTU.sealed([map.slave, 0x83, 0x03]) }
        var registers: [Int: UInt16] = [:]
        let bits = Float(Double(grams) / 1000).bitPattern
        // An integer weight is the display's digits: kilograms with the map's decimals.
        var shown = grams
        for _ in 0..<map.decimals { shown *= 10 }
        shown /= 1000
        let integer = UInt32(bitPattern: Int32(clamping: shown))
        let words: [UInt16] = switch map.encoding {
        case .float32: [UInt16(bits >> 16), UInt16(bits & 0xFFFF)]
        case .float32LowFirst: [UInt16(bits & 0xFFFF), UInt16(bits >> 16)]
        case .int32: [UInt16(integer >> 16), UInt16(integer & 0xFFFF)]
        case .int32LowFirst: [UInt16(integer & 0xFFFF), UInt16(integer >> 16)]
        case .int16: [UInt16(bitPattern: Int16(clamping: shown))]
        }
        for (index, word) in words.enumerated() { registers[Int(map.weight) + index] = word }
        if let status = map.status {
            var word: UInt16 = 0
            if let valid = map.validBit { word |= 1 << UInt16(valid) }
            if !stable, let motion = map.motionBit { word |= 1 << UInt16(motion) }
            registers[Int(status)] = word
        }
        guard address + count <= 65_536 else { return ModbusRTU.sealed([map.slave, 0x83, 0x02]) }
        let data = (address..<(address + count)).flatMap { [UInt8((registers[$0] ?? 0) >> 8), UInt8((registers[$0] ?? 0) & 0xFF)] }
        return ModbusRTU.sealed([map.slave, 0x03, UInt8(count * 2)] + data)
    }

    private static func hex(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
    }
}
