/// Mettler-Toledo continuous output (and the many indicators that emulate it): STX, three
/// status bytes SWA SWB SWC, six digits of displayed weight, six of tare, CR, and with the
/// checksum option one byte: the two's complement of the 7-bit sum of every byte before it.
/// SWA bits 0–2 place the decimal point; SWB bit 0 net, bit 1 negative, bit 2 out of range,
/// bit 3 motion, bit 4 kg (else lb).
public struct ToledoContinuousFormat: IndicatorFormat {
    public static let name = "toledo"
    public static let checksumName = "toledo-checksum"
    public let checksum: Bool
    public var framing: Framing { .stxCR(checksum: checksum) }

    public init(checksum: Bool) { self.checksum = checksum }

    /// `frame` is what follows STX up to the CR, and with the checksum option the checksum byte.
    public func parse(_ frame: [UInt8]) -> IndicatorFrame? {
        var body = frame
        if checksum {
            guard let sent = body.popLast() else { return nil }
            let sum = (body.reduce(UInt32(0x02 + 0x0D)) { $0 + UInt32($1) }) & 0x7F
            guard (UInt8((0x80 - sum) & 0x7F)) == sent & 0x7F else { return nil }
        }
        guard body.count == 15 || body.count == 9 else { return nil }
        let (swa, swb) = (body[0], body[1])
        guard body[3..<9].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard swb & 0x10 != 0 else { return nil }  // pounds: the ingest takes kilograms only
        if swb & 0x04 != 0 { return IndicatorFrame(weight: .overload, stable: false, net: swb & 0x01 != 0) }
        var units: Int64 = 0
        for digit in body[3..<9] { units = units * 10 + Int64(digit - 0x30) }
        let grams: Int64
        switch swa & 0x07 {
        case 0: grams = units * 100 * 1000
        case 1: grams = units * 10 * 1000
        case 2: grams = units * 1000
        case 3: grams = units * 100
        case 4: grams = units * 10
        case 5: grams = units
        case 6: grams = (units + 5) / 10
        default: grams = (units + 50) / 100
        }
        return IndicatorFrame(weight: .grams(swb & 0x02 != 0 ? -grams : grams), stable: swb & 0x08 == 0, net: swb & 0x01 != 0)
    }
}
