import ScaleGateway
import Testing

/// Modbus RTU as an indicator's RS485 board speaks it: the CRC, the question, the answer read by
/// the register maps of the research note's manuals (§2.5), and what must never pass as a weight.
@Suite struct ModbusTests {
    @Test func theCRCMatchesTheProtocolsPublishedFrames() {
        #expect(ModbusRTU.request(slave: 1, address: 0, count: 1) == [0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A])
        #expect(ModbusRTU.request(slave: 1, address: 0, count: 10) == [0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD])
        #expect(ModbusRTU.request(slave: 0x11, address: 0x6B, count: 3) == [0x11, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x76, 0x87],
                "the example of the Modbus application protocol")
    }

    /// Tuna ID551PN: 40001/2 the displayed weight as a float, 40005 the status (bit 10 over
    /// capacity, bit 9 under zero, bit 11 net, bit 12 motion, bit 15 weight data OK).
    static let tuna = try! ModbusRTUFormat.RegisterMap(
        text: "slave=1,weight=40001,encoding=float32,status=40005,motion-bit=12,overload-bit=10,underload-bit=9,net-bit=11,valid-bit=15")

    static func answer(slave: UInt8 = 1, _ words: [UInt16]) -> [UInt8] {
        ModbusRTU.sealed([slave, 0x03, UInt8(words.count * 2)] + words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    static func float(_ value: Float) -> [UInt16] { [UInt16(value.bitPattern >> 16), UInt16(value.bitPattern & 0xFFFF)] }

    @Test func aTunaIndicatorIsAskedForWeightAndStatusInOneRequest() throws {
        let format = try #require(ModbusRTUFormat(map: Self.tuna))
        #expect(format.poll == ModbusRTU.request(slave: 1, address: 0, count: 5), "registers 40001…40005 in one request")
        let gross: [UInt16] = [0, 0]
        #expect(format.parse(Self.answer(Self.float(30.5) + gross + [0x8000])) == IndicatorFrame(weight: .grams(30_500), stable: true))
        #expect(format.parse(Self.answer(Self.float(30.5) + gross + [0x9000])) == IndicatorFrame(weight: .grams(30_500), stable: false), "bit 12: motion")
        #expect(format.parse(Self.answer(Self.float(4.1395) + gross + [0x8000]))?.weight == .grams(4_140), "rounded to the gram")
        #expect(format.parse(Self.answer(Self.float(99_999) + gross + [0x8400]))?.weight == .overload, "bit 10: over capacity")
        #expect(format.parse(Self.answer(Self.float(-0.2) + gross + [0x8200]))?.weight == .underload, "bit 9: under zero")
        #expect(format.parse(Self.answer(Self.float(30.5) + gross + [0x8800]))?.net == true, "bit 11: net")
        #expect(format.parse(Self.answer(Self.float(30.5) + gross + [0x0000])) == nil, "bit 15 clear: the data is not valid")
        #expect(format.parse(Self.answer(Self.float(.nan) + gross + [0x8000])) == nil, "not a number is not a weight")
    }

    /// CAS CI-600D: 40008/40009 gross as a 32-bit integer, high word first, scaled by the
    /// indicator's decimal point; no status word in the request.
    @Test func aCASIndicatorReadsAnIntegerByItsDecimalPoint() throws {
        let map = try ModbusRTUFormat.RegisterMap(text: "slave=3, weight=40008, encoding=int32, decimals=2")
        let format = try #require(ModbusRTUFormat(map: map))
        #expect(format.poll == ModbusRTU.request(slave: 3, address: 7, count: 2))
        #expect(format.parse(Self.answer(slave: 3, [0x0000, 3050])) == IndicatorFrame(weight: .grams(30_500), stable: nil))
        let minus = UInt32(bitPattern: -46)
        #expect(format.parse(Self.answer(slave: 3, [UInt16(minus >> 16), UInt16(minus & 0xFFFF)]))?.weight == .grams(-460))
        let swapped = try #require(ModbusRTUFormat(map: try .init(text: "slave=3,weight=40008,encoding=int32-low-first,decimals=2")))
        #expect(swapped.parse(Self.answer(slave: 3, [3050, 0x0000]))?.weight == .grams(30_500), "low word first")
    }

    @Test func brokenAnswersAndOtherTalkersAreNeverWeights() throws {
        let format = try #require(ModbusRTUFormat(map: Self.tuna))
        var broken = Self.answer(Self.float(30.5) + [0, 0, 0x8000])
        broken[4] ^= 0x01
        #expect(format.parse(broken) == nil, "a bit flipped on the wire fails the CRC")
        #expect(format.parse(Self.answer(slave: 2, Self.float(30.5) + [0, 0, 0x8000])) == nil, "another indicator's answer")
        #expect(format.parse(Self.answer(Self.float(30.5))) == nil, "fewer registers than asked")
        #expect(format.parse(ModbusRTU.sealed([0x01, 0x83, 0x02])) == nil, "an exception: illegal data address")
        #expect(ModbusRTU.answer(ModbusRTU.sealed([0x01, 0x83, 0x02]), slave: 1) == .exception(code: 2))
    }

    @Test func answersAreFramedByTheirLengthAcrossReadsAndNoise() {
        var splitter = FrameSplitter(framing: .modbus(slave: 1))
        let first = Self.answer(Self.float(30.5) + [0, 0, 0x8000])
        let exception = ModbusRTU.sealed([0x01, 0x83, 0x02])
        #expect(splitter.take([0xFF, 0x00] + first.prefix(4)).isEmpty, "noise, then half an answer")
        #expect(splitter.take(Array(first.dropFirst(4)) + exception) == [first, exception])
        #expect(splitter.droppedBytes == 2)
        // A cable pulled mid-answer: the gateway drops the rest before it asks again.
        #expect(splitter.take(first.prefix(7)).isEmpty)
        splitter.discardPartial()
        #expect(splitter.take(first) == [first])
    }

    @Test func aRegisterMapThatCannotWorkIsRefusedWithItsReason() {
        #expect(throws: ConfigurationError("modbus: weight= is needed (the weight's first register, e.g. weight=40001)")) {
            try ModbusRTUFormat.RegisterMap(text: "slave=1,encoding=float32")
        }
        #expect(throws: ConfigurationError("modbus: status bits are given without status= (the status register)")) {
            try ModbusRTUFormat.RegisterMap(text: "weight=40001,motion-bit=12")
        }
        #expect(throws: ConfigurationError("modbus: encoding=double is not one of int32, int32-low-first, float32, float32-low-first, int16")) {
            try ModbusRTUFormat.RegisterMap(text: "weight=40001,encoding=double")
        }
        #expect(throws: ConfigurationError("modbus: slave=0 is not a number in 1…247")) { try ModbusRTUFormat.RegisterMap(text: "slave=0,weight=40001") }
        #expect(throws: ConfigurationError("modbus: weight and status are 1001 registers apart; one request reads at most 125")) {
            try ModbusRTUFormat.RegisterMap(text: "weight=40001,status=41001")
        }
        #expect(throws: ConfigurationError("modbus: baud is not one of \(ModbusRTUFormat.RegisterMap.keys.joined(separator: ", "))")) {
            try ModbusRTUFormat.RegisterMap(text: "weight=40001,baud=9600")
        }
    }
}
