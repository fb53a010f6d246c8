import Consoles
import FactoryCore
import Foundation
import Testing

/// Golden screens of the FG scanner (issue: every state, each banner, Uzbek and another
/// language) and what its keys do.
@Suite struct FGScannerKioskTests {
    static func kiosk(_ language: Locales.Language = .uz) throws -> FGScannerKiosk {
        return FGScannerKiosk(chrome: try CatalogueTests.chrome(language))
    }

    static let card = FGScannerKiosk.Card(qrCode: "FG-2026-11-25-000001", sku: "POL-10", weight: "30.400", lot: "P-E1-1")

    @Test func oneScanReceivesAndNothingElseIsNeeded() throws {
        let kiosk = try Self.kiosk()
        let (state, effects) = kiosk.update(.init(user: "fg.ombor"), .input(.scan("FG-2026-11-25-000001")))
        #expect(effects == [.receive("FG-2026-11-25-000001")])
        #expect(state.busy)
        let (done, more) = kiosk.update(state, .received(Self.card))
        #expect(more.isEmpty)
        #expect(done.outcome == .received(Self.card))
        #expect(done.recent == [Self.card])
        #expect(!done.busy)
    }

    @Test func typedCodesWorkTooAndTheKeymapDecidesTheRest() throws {
        let kiosk = try Self.kiosk()
        var state = FGScannerKiosk.State(user: "fg.ombor")
        for character in "FG-1" { state = kiosk.update(state, .input(.key(.character(character)))).0 }
        state = kiosk.update(state, .input(.key(.named("Backspace")))).0
        #expect(state.field == "FG-")
        let (_, effects) = kiosk.update(state, .input(.key(.named("Enter"))))
        #expect(effects == [.receive("FG-")])
        #expect(kiosk.update(state, .input(.key(.named("F10")))).1 == [.logout])
        #expect(kiosk.update(state, .input(.key(.named("Esc")))).0.field == "")
        #expect(kiosk.update(.init(user: "x"), .input(.key(.named("Enter")))).1 == [], "an empty field sends nothing")
    }

    @Test func theWaitingScreenInUzbek() throws {
        let screen = try Self.kiosk().view(.init(user: "fg.ombor"), width: 80, height: 24)
        #expect(screen.text == """
             ISOCOM sex tizimi · TM ombori: QR qabul                          fg.ombor [uz]

              QR skanerlang:

              Skaner kutilmoqda…





              Oxirgi qabul qilinganlar












            F11 Ro‘yxat  Esc Bekor qilish  F9 Til  F10 Chiqish
            """)
        #expect(screen.styles(row: 0).allSatisfy { $0 == "T" })
        #expect(screen.cursor?.row == 2)
    }

    @Test func theGreenCardInUzbekAndEnglish() throws {
        for (language, received, lot) in [(Locales.Language.uz, "Qabul qilindi", "Partiya"), (.en, "Received", "Lot")] {
            let kiosk = try Self.kiosk(language)
            let state = kiosk.update(kiosk.update(.init(user: "fg.ombor"), .input(.scan("x"))).0, .received(Self.card)).0
            let screen = kiosk.view(state, width: 80, height: 24)
            let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[4] == " ✔ \(received)")
            #expect(lines[5] == "   QR: FG-2026-11-25-000001")
            #expect(lines[7].hasPrefix("   \(lot): P-E1-1"))
            #expect(lines[11] == "  FG-2026-11-25-000001  POL-10   30.400 kg")
            #expect(screen.styles(row: 4).allSatisfy { $0 == "G" })
        }
    }

    @Test(arguments: [
        (GateType.qrDuplicate, "QR kod takrorlangan: Bu QR allaqachon qabul qilingan: qadoqni chetga", "Duplicate QR code: This QR was already received once: put the package aside;"),
        (.qcNotOKToFG, "OTK tasdiqlamagan qadoq: OTK bu qadoqni o‘tkazmagan: uni OTKga qaytaring;", "Package not passed by QC: OTK has not passed this package: take it back to"),
        (.degazGate, "Degazatsiya kutilmoqda: Rulon hali degazatsiyada: texnolog degazatsiya", "Degassing pending: The roll is still degassing: put it aside until the"),
    ])
    func eachGateHasItsRedBannerWithItsWayOutAndSaysTheHoldIsRecorded(gate: GateType, uzbek: String, english: String) throws {
        for (language, words, hold) in [(Locales.Language.uz, uzbek, "Qadoq karantinda"), (.en, english, "Put on hold")] {
            let kiosk = try Self.kiosk(language)
            let refusal = Failure(FactoryError.gate(gate, "FG-X is stopped"))
            let state = kiosk.update(.init(user: "fg.ombor"), .refused(refusal, qrCode: "FG-X")).0
            let screen = kiosk.view(state, width: 80, height: 24)
            let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[4] == " ✘ \(words)", "\(language) \(gate)")
            #expect(lines[5].hasPrefix("   ") && lines[5].count > 10, "the way out goes on below: \(lines[5])")
            #expect(!screen.text.contains("is stopped"))
            #expect(lines[7] == "   QR: FG-X")
            #expect(lines[8].contains(hold))
            #expect((4...8).allSatisfy { row in screen.styles(row: row).allSatisfy { $0 == "R" } })
        }
    }

    @Test func aRollScannedAgainIsAlreadyReceivedInTheColourOfInformation() throws {
        let kiosk = try Self.kiosk(.en)
        let received = kiosk.update(.init(user: "fg.ombor"), .received(Self.card)).0
        let again = kiosk.update(received, .refused(Failure(FactoryError.conflict("already_received", "x")), qrCode: Self.card.qrCode)).0
        #expect(again.outcome == .alreadyReceived(qrCode: Self.card.qrCode))
        let screen = kiosk.view(again, width: 80, height: 24)
        let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[4] == " i Already received: FG-2026-11-25-000001")
        #expect(screen.styles(row: 4).allSatisfy { $0 == "C" }, "neither green nor red")
        #expect(!screen.text.contains("hold"))
    }

    @Test func anErrorWithoutAGateNamesItsCodeAndRecordsNoHold() throws {
        let kiosk = try Self.kiosk(.ru)
        let state = kiosk.update(.init(user: "fg.ombor"), .refused(Failure(FactoryError.notFound("package", "X")), qrCode: "X")).0
        let lines = kiosk.view(state, width: 80, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[4] == " ✘ Не найдено: Упаковки X нет в системе: проверьте этикетку и отсканируйте")
        #expect(lines[5] == "   снова; если повторяется, позовите начальника цеха.")
        #expect(lines[8].isEmpty)
    }
}

extension FGScannerKioskTests {
    static let rows = [
        FGScannerKiosk.Row(qrCode: "FG-2026-11-25-000009", lot: "P-E1-2", sku: "POL-10", weight: "30.400", day: "2026-11-25"),
        FGScannerKiosk.Row(qrCode: "FG-2026-11-24-000031", lot: "P-E1-1", sku: "POL-10", weight: "29.800", day: "2026-11-24"),
        FGScannerKiosk.Row(qrCode: "FG-2026-11-24-000030", lot: "P-E1-1", sku: "POL-10", weight: "30.000", day: "2026-11-24"),
    ]

    @Test func theListShowsLotsAndDaysNarrowsByLotAndAScanStillReceives() throws {
        let kiosk = try Self.kiosk(.en)
        let (asked, effects) = kiosk.update(.init(user: "fg.ombor"), .input(.key(.named("F11"))))
        #expect(effects == [.loadList])
        var state = kiosk.update(asked, .list(Self.rows)).0
        for character in "e1-1" { state = kiosk.update(state, .input(.key(.character(character)))).0 }
        let screen = kiosk.view(state, width: 80, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(screen[10] == "  In the FG warehouse, newest first (type a lot to narrow) (2 · 59.800 kg)")
        #expect(screen[11] == "  2026-11-24  P-E1-1     FG-2026-11-24-000031  POL-10   29.800 kg")
        #expect(screen[12] == "  2026-11-24  P-E1-1     FG-2026-11-24-000030  POL-10   30.000 kg")
        #expect(screen[13].isEmpty, "the other lot is left out")
        let (scanning, receive) = kiosk.update(state, .input(.scan("FG-2026-11-25-000010")))
        #expect(receive == [.receive("FG-2026-11-25-000010")])
        #expect(kiosk.update(scanning, .received(Self.card)).1 == [.loadList], "the open list follows what was received")
        let cleared = kiosk.update(state, .input(.key(.named("Esc")))).0
        #expect(cleared.field.isEmpty && cleared.listing != nil, "Esc first clears the lot")
        #expect(kiosk.update(cleared, .input(.key(.named("Esc")))).0.listing == nil, "then leaves the list")
    }
}

extension FGScannerKioskTests {
    /// Every FG state in Uzbek, Russian and English against `Golden/fg.txt`.
    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = try Self.kiosk(language)
            let waiting = FGScannerKiosk.State(user: "fg.ombor")
            let received = kiosk.update(kiosk.update(waiting, .input(.scan("FG-2026-11-25-000001"))).0, .received(Self.card)).0
            let held = kiosk.update(received, .refused(Failure(FactoryError.gate(.degazGate, "waits")), qrCode: "FG-2026-11-25-000002")).0
            let unknown = kiosk.update(received, .refused(Failure(FactoryError.notFound("package", "FG-2026-11-25-000099")),
                                                          qrCode: "FG-2026-11-25-000099")).0
            let listed = kiosk.update(kiosk.update(received, .input(.key(.named("F3")))).0,
                                      .list([.init(qrCode: "FG-2026-11-25-000001", lot: "P-E1-1", sku: "POL-10", weight: "30.400", day: "2026-11-25")])).0
            let again = kiosk.update(received, .refused(Failure(FactoryError.conflict("already_received", "received a moment ago")),
                                                        qrCode: "FG-2026-11-25-000001")).0
            for (name, state) in [("waiting", waiting), ("received", received), ("scanned again", again), ("degassing", held),
                                  ("unknown", unknown), ("list", listed)] {
                text += "== \(language.rawValue) \(name)\n" + kiosk.view(state, width: 80, height: 24).text + "\n"
            }
        }
        try Golden.check(text, file: "fg.txt")
    }
}
