/// Modbus RTU on the wire, as far as a gateway polling one indicator needs it: function 03 (read
/// holding registers), its answer, and the exception an indicator gives instead. Every frame ends
/// with the CRC-16/MODBUS of the bytes before it, low byte first.
public enum ModbusRTU {
    public static let readHoldingRegisters: UInt8 = 0x03

    /// CRC-16/MODBUS: polynomial 0xA001 reflected, initial 0xFFFF.
    public static func crc(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        }
        return crc
    }

    /// `bytes` followed by their CRC, low byte first.
    public static func sealed(_ bytes: [UInt8]) -> [UInt8] {
        let crc = crc(bytes)
        return bytes + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }

    /// The request for `count` holding registers from protocol address `address` (register
    /// 40001 is address 0).
    public static func request(slave: UInt8, address: UInt16, count: UInt16) -> [UInt8] {
        sealed([slave, readHoldingRegisters, UInt8(address >> 8), UInt8(address & 0xFF), UInt8(count >> 8), UInt8(count & 0xFF)])
    }

    public enum Answer: Sendable, Equatable {
        case registers([UInt16])
        /// The indicator understood and refused (1 illegal function, 2 illegal address, …).
        case exception(code: UInt8)
    }

    /// A whole answer frame from `slave`, CRC included; nil when the CRC, the address or the
    /// length does not hold (noise, a wrong baud rate, another talker on the bus).
    public static func answer(_ frame: [UInt8], slave: UInt8) -> Answer? {
        guard frame.count >= 5, frame[0] == slave else { return nil }
        let body = frame.dropLast(2)
        guard crc(body) == UInt16(frame[frame.count - 2]) | UInt16(frame[frame.count - 1]) << 8 else { return nil }
        if frame[1] == readHoldingRegisters | 0x80 { return frame.count == 5 ? .exception(code: frame[2]) : nil }
        guard frame[1] == readHoldingRegisters, Int(frame[2]) == frame.count - 5, frame[2].isMultiple(of: 2) else { return nil }
        let data = Array(frame[3..<(frame.count - 2)])
        return .registers(stride(from: 0, to: data.count, by: 2).map { UInt16(data[$0]) << 8 | UInt16(data[$0 + 1]) })
    }

    /// How long an answer frame starting with `head` is, once its first three bytes are known;
    /// nil when they cannot start an answer from `slave`.
    static func answerLength(_ head: ArraySlice<UInt8>, slave: UInt8) -> Int? {
        let bytes = Array(head.prefix(3))
        guard let address = bytes.first, address == slave else { return nil }
        guard bytes.count >= 2 else { return 0 }
        switch bytes[1] {
        case readHoldingRegisters:
            guard bytes.count == 3 else { return 0 }
            return bytes[2] <= 250 ? 5 + Int(bytes[2]) : nil
        case readHoldingRegisters | 0x80: return 5
        default: return nil
        }
    }
}
