import ScaleGateway
import Testing

/// Each indicator format on frames from the research note and its manuals, broken ones included.
@Suite struct FormatTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func theASCIIStatusFamilyTakesEverySpacingTheManualsShow() {
        let format = ASCIIStatusFormat()
        #expect(format.parse(Self.bytes("ST,GS,+011.120kg")) == IndicatorFrame(weight: .grams(11_120), stable: true))
        #expect(format.parse(Self.bytes("ST, GS+ 5.12KG")) == IndicatorFrame(weight: .grams(5_120), stable: true), "Selleton")
        #expect(format.parse(Self.bytes("US,NT,+0012.34kg")) == IndicatorFrame(weight: .grams(12_340), stable: false, net: true), "A&D net, moving")
        #expect(format.parse(Self.bytes("ST,+00123.45  g")) == IndicatorFrame(weight: .grams(123), stable: true), "grams, rounded to the gram")
        #expect(format.parse(Self.bytes("ST,GS      87,g")) == IndicatorFrame(weight: .grams(87), stable: true))
        #expect(format.parse(Self.bytes("ST,GS,      87g")) == IndicatorFrame(weight: .grams(87), stable: true))
        #expect(format.parse(Self.bytes("ST,GS,-000.460kg")) == IndicatorFrame(weight: .grams(-460), stable: true), "a drifting zero")
        #expect(format.parse(Self.bytes("OL,+999999.9 g"))?.weight == .overload)
        #expect(format.parse(Self.bytes("ST,GS,        kg"))?.weight == .overload, "A&D blanks the digits out of range: never a zero")
        #expect(format.parse(Self.bytes("ST,GS,+011.120lb")) == nil, "pounds are not taken")
        #expect(format.parse(Self.bytes("ST,GS,+01#.120kg")) == nil, "noise")
        #expect(format.parse([0x53, 0x54, 0x2C, 0xFF, 0x31]) == nil, "a wrong baud rate's bytes")
    }

    @Test func yaohuaA12ChecksItsXOR() {
        let format = YaohuaA12Format()
        #expect(format.parse(Self.bytes("WG004.139kg3D")) == IndicatorFrame(weight: .grams(4_139), stable: nil))
        #expect(format.parse(Self.bytes("WG004.138kg3D")) == nil, "a digit changed on the wire fails the checksum")
        #expect(format.parse(Self.bytes("         OL23"))?.weight == .overload)
        let under = Array("         LO".utf8)
        let xor = under.reduce(0, ^)
        let hex = Array("0123456789ABCDEF".utf8)
        #expect(format.parse(under + [hex[Int(xor >> 4)], hex[Int(xor & 0xF)]])?.weight == .underload)
        let negative = Array("WG-04.139kg".utf8)
        let sum = negative.reduce(0, ^)
        #expect(format.parse(negative + [hex[Int(sum >> 4)], hex[Int(sum & 0xF)]])?.weight == .grams(-4_139))
    }

    @Test func yaohuaContinuousReadsSignDigitsAndDecimals() {
        let format = YaohuaContinuousFormat()
        func frame(_ body: String) -> [UInt8] {
            let bytes = Array(body.utf8)
            let xor = bytes.reduce(0, ^)
            let hex = Array("0123456789ABCDEF".utf8)
            return bytes + [hex[Int(xor >> 4)], hex[Int(xor & 0xF)]]
        }
        #expect(format.parse(frame("+0305002")) == IndicatorFrame(weight: .grams(305_000), stable: nil), "305.00 kg")
        #expect(format.parse(frame("+0041393")) == IndicatorFrame(weight: .grams(4_139), stable: nil))
        #expect(format.parse(frame("-0001003")) == IndicatorFrame(weight: .grams(-100), stable: nil))
        var broken = frame("+0041393")
        broken[3] = UInt8(ascii: "5")
        #expect(format.parse(broken) == nil)
        #expect(format.parse(frame("+0041395")) == nil, "five decimal places is not a setting")
    }

    @Test func yaohuaEqualsReadsBothDigitOrders() {
        #expect(YaohuaEqualsFormat(reversed: true).parse(Self.bytes("000.3000")) == IndicatorFrame(weight: .grams(3_000), stable: nil))
        #expect(YaohuaEqualsFormat(reversed: true).parse(Self.bytes("00.1000-")) == IndicatorFrame(weight: .grams(-1_000), stable: nil))
        #expect(YaohuaEqualsFormat(reversed: false).parse(Self.bytes("0003.000")) == IndicatorFrame(weight: .grams(3_000), stable: nil))
        #expect(YaohuaEqualsFormat(reversed: false).parse(Self.bytes("-0001.00")) == IndicatorFrame(weight: .grams(-1_000), stable: nil))
        #expect(YaohuaEqualsFormat(reversed: true).parse(Self.bytes("00x.3000")) == nil)
    }

    @Test func toledoReadsItsStatusBitsAndChecksum() {
        // SWA 0x23: two decimals (code 4 would be 0.01; code 3 is one decimal). SWB 0x30: kg, gross, stable.
        func frame(_ swa: UInt8, _ swb: UInt8, _ weight: String, _ tare: String = "000000", checksum: Bool) -> [UInt8] {
            var body: [UInt8] = [swa, swb, 0x20] + Array(weight.utf8) + Array(tare.utf8)
            if checksum {
                let sum = (body.reduce(UInt32(0x02 + 0x0D)) { $0 + UInt32($1) }) & 0x7F
                body.append(UInt8((0x80 - sum) & 0x7F))
            }
            return body
        }
        let plain = ToledoContinuousFormat(checksum: false)
        #expect(plain.parse(frame(0x24, 0x30, "003050", checksum: false)) == IndicatorFrame(weight: .grams(30_500), stable: true), "30.50 kg")
        #expect(plain.parse(frame(0x25, 0x38, "030500", checksum: false)) == IndicatorFrame(weight: .grams(30_500), stable: false), "bit 3: motion")
        #expect(plain.parse(frame(0x25, 0x32, "000460", checksum: false))?.weight == .grams(-460), "bit 1: negative")
        #expect(plain.parse(frame(0x25, 0x34, "999999", checksum: false))?.weight == .overload, "bit 2: out of range")
        #expect(plain.parse(frame(0x25, 0x31, "030500", checksum: false))?.net == true, "bit 0: net")
        #expect(plain.parse(frame(0x25, 0x20, "030500", checksum: false)) == nil, "pounds")
        let checked = ToledoContinuousFormat(checksum: true)
        #expect(checked.parse(frame(0x25, 0x30, "030500", checksum: true))?.weight == .grams(30_500))
        var broken = frame(0x25, 0x30, "030500", checksum: true)
        broken[5] = UInt8(ascii: "9")
        #expect(checked.parse(broken) == nil, "a changed digit fails the checksum")
    }

    @Test func everyConfiguredNameHasItsFormat() {
        let map = try! ModbusRTUFormat.RegisterMap(text: "weight=40001")
        for name in IndicatorFormats.names { #expect(IndicatorFormats.named(name, modbus: map) != nil, "\(name)") }
        #expect(IndicatorFormats.named(ModbusRTUFormat.name) == nil, "Modbus RTU needs its register map")
        #expect(IndicatorFormats.named("modbus-sometime") == nil)
    }
}
