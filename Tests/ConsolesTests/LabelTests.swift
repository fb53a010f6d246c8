import Consoles
import Foundation
import Testing

/// The label's QR on screen (libqrencode, half blocks) and as ZPL for the printer.
@Suite struct LabelTests {
    @Test func theQRIsDrawnWithHalfBlocksAndItsFinderPatterns() throws {
        let art = try #require(QRCodeArt.render("FG-2026-11-25-000001"))
        #expect(art.count == 13, "21 modules (version 1) and a quiet zone of 2 each side, two modules per row")
        #expect(art.allSatisfy { $0.count == 25 })
        #expect(art[0].allSatisfy { $0 == " " }, "the quiet zone")
        #expect(art[1].hasPrefix("  █▀▀▀▀▀█"), "the top-left finder pattern")
        #expect(art[1].hasSuffix("█▀▀▀▀▀█  "), "the top-right finder pattern")
        #expect(QRCodeArt.render("FG-2026-11-25-000002") != art)
    }

    @Test func aLabelIsZPLWithTheQRAndTheFacts() {
        let zpl = LabelPrinter.zpl(.init(qrCode: "FG-2026-11-25-000001", sku: "POL-10", weight: "30.400", length: "250.000", lot: "P-E1-1"))
        #expect(zpl.hasPrefix("^XA"))
        #expect(zpl.contains("^BQN,2,8^FDMA,FG-2026-11-25-000001^FS"))
        #expect(zpl.contains("^FD30.400 kg^FS"))
        #expect(zpl.contains("^FDP-E1-1^FS"))
        #expect(zpl.hasSuffix("^XZ\n"))
        let sneaky = LabelPrinter.zpl(.init(qrCode: "X", sku: "A^XZ", weight: "1", length: nil, lot: "~JA"))
        #expect(!sneaky.contains("A^XZ") && !sneaky.contains("~JA"), "a field cannot end the label or send a command")
    }

    @Test func destinationsAreParsedAndAFileCollectsLabels() throws {
        #expect(LabelPrinter("tcp://10.1.2.3:9100")?.destination == .tcp(host: "10.1.2.3", port: 9100))
        #expect(LabelPrinter("tcp://printer")?.destination == .tcp(host: "printer", port: 9100))
        #expect(LabelPrinter("lpt1") == nil)
        #expect(LabelPrinter("tcp://:9100") == nil)
        let path = NSTemporaryDirectory() + "labels-\(UUID().uuidString).zpl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let printer = try #require(LabelPrinter("file:\(path)"))
        let label = LabelPrinter.Label(qrCode: "FG-1", sku: "POL-10", weight: "1.000", length: nil, lot: "L")
        try printer.print(label)
        try printer.print(label)
        #expect(try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "^XA").count == 3, "two labels appended")
    }

    @Test func aPrinterThatDoesNotAnswerIsAnError() {
        #expect(throws: (any Error).self) { try LabelPrinter("tcp://127.0.0.1:1")!.print(.init(qrCode: "X", sku: "S", weight: "1", length: nil, lot: "L")) }
    }
}
