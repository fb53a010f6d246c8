import Consoles
import FactoryCore
import Foundation
import Testing

/// Golden screens of the packing kiosk: the live weight in big digits (stable, unstable, old),
/// the green and yellow banners, and its keys.
@Suite struct PackingKioskTests {
    static func kiosk(_ language: Locales.Language = .uz) throws -> PackingKiosk {
        return PackingKiosk(chrome: try CatalogueTests.chrome(language), window: 10)
    }

    static let now = Timestamp(parsing: "2026-11-25T08:00:10Z")!
    static let state = PackingKiosk.State(user: "op.aziz", session: "E1 · POL-10 · P-1 · scale-E1-pack-01", now: now)

    func lines(_ screen: Screen) -> [String] { screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func theLiveWeightIsFiveRowsOfDigitsWithItsMarker() throws {
        let kiosk = try Self.kiosk()
        let reading = LiveWeight(gross: Grams(30_400), stable: true, at: Timestamp(parsing: "2026-11-25T08:00:08Z")!)
        let screen = kiosk.view(kiosk.update(Self.state, .reading(reading, now: Self.now)).0, width: 80, height: 24)
        let text = lines(screen)
        #expect(Array(text[3...7]) == [
            "    █████ █████    █   █ █████ █████",
            "        █ █   █    █   █ █   █ █   █",
            "     ████ █   █    █████ █   █ █   █",
            "        █ █   █        █ █   █ █   █",
            "    █████ █████ ██     █ █████ █████  kg",
        ])
        #expect(text[9] == "    barqaror · 2 s")
        #expect(screen.styles(row: 3).dropFirst(4).prefix(5) == "GGGGG", "a stable reading is green")
    }

    @Test func anUnstableAndAnOldReadingLookDifferent() throws {
        let kiosk = try Self.kiosk(.en)
        let unstable = LiveWeight(gross: Grams(1_000), stable: false, at: Self.now)
        let shaky = kiosk.view(kiosk.update(Self.state, .reading(unstable, now: Self.now)).0, width: 80, height: 24)
        #expect(lines(shaky)[9] == "    unstable · 0 s")
        #expect(shaky.styles(row: 3).dropFirst(4).first == "W")
        let old = LiveWeight(gross: Grams(1_000), stable: true, at: Timestamp(parsing: "2026-11-25T07:59:00Z")!)
        let offline = kiosk.view(kiosk.update(Self.state, .reading(old, now: Self.now)).0, width: 80, height: 24)
        #expect(lines(offline)[9] == "    old reading: the gateway may be offline · 70 s")
        #expect(offline.styles(row: 3).dropFirst(4).first == "D", "an old weight is greyed out")
        let none = kiosk.view(kiosk.update(Self.state, .reading(nil, now: Self.now)).0, width: 80, height: 24)
        #expect(lines(none)[5] == "    No reading from the scale")
    }

    @Test func oneKeyPacksAndAToleranceBreachAsksForAReasonInYellow() throws {
        let kiosk = try Self.kiosk()
        let (busy, effects) = kiosk.update(Self.state, .input(.key(.named("F2"))))
        #expect(effects == [.pack])
        #expect(kiosk.update(busy, .input(.key(.named("F2")))).1 == [], "no second package while the first is on its way")
        let packed = PackingKiosk.Packed(id: "p1", qrCode: "FG-2026-11-25-000001", weight: "30.400", length: "250.000", status: "awaiting_qc")
        let done = kiosk.update(busy, .packed(packed)).0
        #expect(lines(kiosk.view(done, width: 80, height: 24))[15] == " ✔ Qadoqlandi: FG-2026-11-25-000001  30.400 kg  250.000 m")
        #expect(kiosk.update(done, .input(.key(.named("F5")))).1 == [], "nothing to submit for a package in tolerance")
        let qr = kiosk.view(done, width: 80, height: 24)
        #expect(lines(qr)[3].hasSuffix("█▀▀▀▀▀█"), "the last label's QR is on screen, at the right")
        #expect(kiosk.update(done, .input(.key(.named("F8")))).1 == [.reprint(packageID: "p1")])
        let jammed = kiosk.update(done, .printFailed("label printer 10.0.0.9:9100 does not answer")).0
        #expect(lines(kiosk.view(jammed, width: 80, height: 24))[17] == " ! Yorliq printeri: label printer 10.0.0.9:9100 does not answer")

        let breach = PackingKiosk.Packed(id: "p2", qrCode: "FG-2026-11-25-000002", weight: "30.900", length: "250.000", status: "review")
        var review = kiosk.update(busy, .packed(breach)).0
        for character in "qalin" { review = kiosk.update(review, .input(.key(.character(character)))).0 }
        let screen = kiosk.view(review, width: 80, height: 24)
        #expect(lines(screen)[15] == " ! Tolerans buzildi: ko‘rib chiqish kerak: FG-2026-11-25-000002  30.900 kg")
        #expect(lines(screen)[16] == "   Sabab (F5 yuborish): qalin")
        #expect(screen.styles(row: 15).allSatisfy { $0 == "W" })
        let (sending, submit) = kiosk.update(review, .input(.key(.named("F5"))))
        #expect(submit == [.submitReview(packageID: "p2", reason: "qalin")])
        let sent = kiosk.update(sending, .submitted).0
        #expect(lines(kiosk.view(sent, width: 80, height: 24))[16] == "   Sex boshlig‘iga yuborildi")
    }

    @Test func aRefusalIsARedBannerWithItsGate() throws {
        let kiosk = try Self.kiosk(.ru)
        let state = kiosk.update(Self.state, .refused(Failure(FactoryError.gate(.calibrationExpired, "scale-E1-pack-01 is due")))).0
        let screen = kiosk.view(state, width: 80, height: 24)
        #expect(lines(screen)[15] == " ✘ Истекла калибровка весов: Взвесьте на других весах и позовите метролога")
        #expect(lines(screen)[16] == "   откалибровать эти.")
        #expect(screen.styles(row: 15).allSatisfy { $0 == "R" })
    }
}
