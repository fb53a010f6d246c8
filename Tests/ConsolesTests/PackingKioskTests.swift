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

extension PackingKioskTests {
    /// The packing states held to golden text, reached through the kiosk's own events.
    static func goldenStates(_ kiosk: PackingKiosk) -> [(String, PackingKiosk.State)] {
        let settled = LiveWeight(gross: Grams(30_400), stable: true, at: Timestamp(parsing: "2026-11-25T08:00:08Z")!)
        let settling = LiveWeight(gross: Grams(29_850), stable: false, at: now)
        let weighing = kiosk.update(state, .reading(settled, now: now)).0
        let shaky = kiosk.update(state, .reading(settling, now: now)).0
        let old = kiosk.update(state, .reading(settled, now: now.adding(seconds: 40))).0
        let (busy, _) = kiosk.update(weighing, .input(.key(.named("F2"))))
        let packed = kiosk.update(busy, .packed(.init(id: "p1", qrCode: "FG-2026-11-25-000001", weight: "30.400", length: "250.000",
                                                      status: "awaiting_qc"))).0
        var review = kiosk.update(kiosk.update(packed, .input(.key(.named("F2")))).0,
                                  .packed(.init(id: "p2", qrCode: "FG-2026-11-25-000002", weight: "30.900", length: "250.000", status: "review"))).0
        for character in "qalin" { review = kiosk.update(review, .input(.key(.character(character)))).0 }
        let refused = kiosk.update(kiosk.update(packed, .input(.key(.named("F2")))).0,
                                   .refused(Failure(FactoryError.gate(.calibrationExpired, "scale-E1-pack-01 is due")))).0
        return [("settled", weighing), ("settling", shaky), ("offline", old), ("packed", packed), ("review", review), ("refused", refused)]
    }

    /// Every state in Uzbek, Russian and English at 80×24, then the large layout at 132×43,
    /// against `Golden/packing.txt`. GOLDEN_RECORD=1 writes the file anew after a deliberate change.
    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = try Self.kiosk(language)
            for (name, state) in Self.goldenStates(kiosk) {
                text += "== \(language.rawValue) \(name)\n" + kiosk.view(state, width: 80, height: 24).text + "\n"
            }
        }
        let kiosk = try Self.kiosk(.uz)
        for (name, state) in Self.goldenStates(kiosk) where ["settled", "review"].contains(name) {
            text += "== uz \(name) 132×43\n" + kiosk.view(state, width: 132, height: 43).text + "\n"
        }
        try Golden.check(text, file: "packing.txt")
    }

    @Test func aLinuxConsoleGetsPlainSymbolsAndAnAsciiTerminalPlainBlocks() throws {
        let kiosk = try Self.kiosk(.uz)
        let packed = Self.goldenStates(kiosk).first { $0.0 == "packed" }!.1
        let screen = kiosk.view(packed, width: 80, height: 24)
        let console = lines(Glyphs.console.apply(screen))
        #expect(console[15] == " + Qadoqlandi: FG-2026-11-25-000001  30.400 kg  250.000 m")
        #expect(console[3].hasPrefix("    █████ █████"), "the console's font has blocks")
        let ascii = lines(Glyphs.ascii.apply(screen))
        #expect(ascii[3].hasPrefix("    ##### #####"))
        #expect(Glyphs.ascii.apply(screen).styles(row: 15) == screen.styles(row: 15), "colours stay where they were")
        #expect(Glyphs.detect(environment: ["TERM": "linux"], utf8: true) == .console)
        #expect(Glyphs.detect(environment: ["TERM": "xterm-256color"], utf8: true) == .unicode)
        #expect(Glyphs.detect(environment: ["TERM": "xterm"], utf8: false) == .ascii)
        #expect(Glyphs.detect(environment: ["TERM": "linux", "FACTORY_GLYPHS": "ascii"], utf8: true) == .ascii)
    }

    @Test func aSettlingWeightDiffersFromASettledOneWithoutColour() throws {
        let kiosk = try Self.kiosk(.en)
        let states = Self.goldenStates(kiosk)
        let settled = lines(kiosk.view(states[0].1, width: 80, height: 24))
        let settling = lines(kiosk.view(states[1].1, width: 80, height: 24))
        #expect(settled[3].contains("█") && !settled[3].contains("▒"))
        #expect(settling[3].contains("▒") && !settling[3].contains("█"))
        #expect(settled[9].hasPrefix("    stable") && settling[9].hasPrefix("    unstable"))
    }
}

extension PackingKioskTests {
    /// F2 pressed again after a roll was packed finds the load already taken: that is said as
    /// information ("already weighed"), not as a red failure over the green success.
    @Test func aSecondPressAfterASuccessSaysAlreadyDoneInTheColourOfInformation() throws {
        let kiosk = try Self.kiosk(.en)
        let packed = Self.goldenStates(kiosk).first { $0.0 == "packed" }!.1
        let (again, effects) = kiosk.update(packed, .input(.key(.named("F2"))))
        #expect(effects == [.pack])
        let told = kiosk.update(again, .refused(Failure(FactoryError.conflict("rs_already_bound", "taken")))).0
        let screen = kiosk.view(told, width: 80, height: 24)
        #expect(lines(screen)[15] == " i Already done: Already weighed: this load was just taken. Put the next one on")
        #expect(screen.styles(row: 15).allSatisfy { $0 == "C" })
    }
}

extension PackingKioskTests {
    /// The Auto/Manual length switch (spec §17.4): F3 asks the roll's metres and why the
    /// counter is not used; F2 packs with them; the next roll asks its own metres again.
    @Test func theManualLengthSwitchAsksMetresAndAReasonAndPacksWithThem() throws {
        let kiosk = try Self.kiosk(.en)
        func type(_ state: PackingKiosk.State, _ text: String) -> PackingKiosk.State {
            text.reduce(state) { kiosk.update($0, .input(.key(.character($1)))).0 }
        }
        let manual = kiosk.update(Self.state, .input(.key(.named("F3")))).0
        #expect(manual.manual == PackingKiosk.ManualLength())
        let early = kiosk.update(manual, .input(.key(.named("F2"))))
        #expect(early.1.isEmpty && early.0.notice == Notice("kiosk.pack.length_needed"), "nothing packs before both are typed")
        let metres = type(manual, "250,5x")
        #expect(metres.manual?.metres == "250,5", "metres take digits and a decimal comma")
        let reason = type(kiosk.update(metres, .input(.key(.named("Enter")))).0, "counter broken")
        let screen = kiosk.view(reason, width: 80, height: 24)
        #expect(lines(screen)[11] == "    Length: Manual · 250,5    m")
        #expect(lines(screen)[12] == "    why not the counter (Enter): counter broken")
        let (busy, effects) = kiosk.update(reason, .input(.key(.named("F2"))))
        #expect(effects == [.packManual(metres: "250,5", reason: "counter broken")])
        let next = kiosk.update(busy, .packed(.init(id: "p1", qrCode: "FG-2026-11-25-000001", weight: "30.400", length: "250.500",
                                                     status: "awaiting_qc"))).0
        #expect(next.manual == PackingKiosk.ManualLength(metres: "", reason: "counter broken"), "the next roll's metres are its own")
        #expect(kiosk.update(next, .input(.key(.named("F3")))).0.manual == nil, "F3 again is Auto")
        #expect(lines(kiosk.view(Self.state, width: 80, height: 24))[11] == "    Length: Auto, from the line's counter")
    }
}
