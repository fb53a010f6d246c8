import ScaleGateway
import Testing

/// Frames come back whole whatever the UART or a converter cut them into: split, merged, with
/// noise between them, broken mid-frame, or endless.
@Suite struct FrameSplitterTests {
    @Test func linesAreReassembledAcrossReadsAndMergedReadsAreSplit() {
        var splitter = FrameSplitter(framing: .line)
        #expect(splitter.take(Array("ST,GS,+01".utf8)).isEmpty)
        #expect(splitter.take(Array("1.120kg\r\nST,GS,+011.125kg\r\nUS".utf8)) == [Array("ST,GS,+011.120kg".utf8), Array("ST,GS,+011.125kg".utf8)])
        #expect(splitter.take(Array(",GS,+000.000kg\n".utf8)) == [Array("US,GS,+000.000kg".utf8)])
    }

    @Test func aStartByteMidFrameResynchronises() {
        var splitter = FrameSplitter(framing: .stxEtx)
        // Noise, a frame cut off by a pulled cable (no ETX), then a whole one.
        let frames = splitter.take([0x41, 0x42] + [0x02] + Array("+004".utf8) + [0x02] + Array("+0041393C".utf8) + [0x03])
        #expect(frames == [Array("+0041393C".utf8)])
        #expect(splitter.droppedBytes == 2 + 5, "the noise and the broken frame are counted")
    }

    @Test func toledoKeepsTheChecksumByteAfterCR() {
        var splitter = FrameSplitter(framing: .stxCR(checksum: true))
        let body: [UInt8] = [0x25, 0x30, 0x20] + Array("030500000000".utf8)
        #expect(splitter.take([0x02] + body + [0x0D]).isEmpty, "the checksum byte is still to come")
        #expect(splitter.take([0x77, 0x02]) == [body + [0x77]])
        var plain = FrameSplitter(framing: .stxCR(checksum: false))
        #expect(plain.take([0x02] + body + [0x0D]) == [body])
    }

    @Test func prefixedFramesHaveTheirLengthAndNoTerminator() {
        var splitter = FrameSplitter(framing: .prefixed(UInt8(ascii: "="), length: 8))
        #expect(splitter.take(Array("=000.3000=000.30".utf8)) == [Array("000.3000".utf8)])
        #expect(splitter.take(Array("00".utf8)) == [Array("000.3000".utf8)])
    }

    @Test func anEndlessFrameIsDroppedAtTheLimit() {
        var splitter = FrameSplitter(framing: .line, limit: 32)
        #expect(splitter.take([UInt8](repeating: 0x31, count: 100)).isEmpty)
        #expect(splitter.overlong == 1 && splitter.droppedBytes == 100, "one frame too long, up to its end")
        #expect(splitter.take(Array("\r\nST,GS,+001.000kg\r\n".utf8)) == [Array("ST,GS,+001.000kg".utf8)], "then it reads on")
    }
}
