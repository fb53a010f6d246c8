import Consoles
import FactoryCore
import Foundation
import Testing

/// No key is silent: where a key or a scan cannot do its usual work, the kiosk says why and
/// what to do instead, in its language; F1 explains the kiosk.
@Suite struct NoSilentKeysTests {
    func lines(_ screen: Screen) -> [String] { screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The OTK inspector scans a roll that is not in the queue: the selection is cleared, so
    /// that the next F5 cannot decide the roll selected before, and the banner says so.
    @Test func anOTKScanNotInTheQueueClearsTheSelectionAndSaysSo() throws {
        let kiosk = try QCQueueKioskTests.kiosk(.en)
        let queue = kiosk.update(.init(user: "otk"), .queue(QCQueueKioskTests.items)).0
        #expect(queue.selected == 0)
        let wrong = kiosk.update(queue, .input(.scan("FG-2026-11-25-000099"))).0
        #expect(wrong.selected == -1)
        let screen = kiosk.view(wrong, width: 80, height: 24)
        #expect(!screen.text.contains("▶"), "no roll is selected")
        #expect(lines(screen)[20] == " ! FG-2026-11-25-000099 is not in the OTK queue: nothing is selected now. Check")
        let (pressed, effects) = kiosk.update(wrong, .input(.key(.named("F5"))))
        #expect(pressed.signing == nil && effects.isEmpty, "F5 decides nothing")
        #expect(lines(kiosk.view(pressed, width: 80, height: 24))[20].hasPrefix(" ! Pick a roll first"))
        let right = kiosk.update(pressed, .input(.scan(QCQueueKioskTests.items[1].qrCode))).0
        #expect(right.selected == 1 && right.notice == nil)
        // While a decision is being signed, a scan does not move the selection under it.
        let signing = kiosk.update(right, .input(.key(.named("F5")))).0
        let scanned = kiosk.update(signing, .input(.scan(QCQueueKioskTests.items[0].qrCode))).0
        #expect(scanned.selected == 1 && scanned.signing == .ok)
        #expect(scanned.notice == Notice("kiosk.otk.finish_first"))
    }

    @Test func theGrindersWeighOutWithNoOrderSaysWhatComesFirst() throws {
        let kiosk = try ReworkKioskTests.kiosk(.ru)
        let (state, effects) = ReworkKioskTests.run(kiosk, ReworkKioskTests.fresh(), [.key(.named("F3"))])
        #expect(effects.isEmpty && state.step == .scan)
        #expect(kiosk.view(state, width: 80, height: 24).text.contains(" ! Ещё не принято ни одной тары: сначала отсканируйте пломбу тары"))
    }

    @Test func aStorekeepersScanPicksItsLineAndAScanOffTheListIsTold() throws {
        let kiosk = try WarehouseKioskTests.kiosk(.en)
        let other = WarehouseKiosk.Line(transferID: "t-2", lineID: "l-2", material: "MB-WHITE", batchNo: "MB-77", weight: "8.000")
        let listed = kiosk.update(WarehouseKioskTests.run(kiosk, WarehouseKioskTests.atMain(), [.key(.named("Down")), .key(.named("Enter"))]).0,
                                  .transfers([WarehouseKioskTests.line, other])).0
        let picked = kiosk.update(listed, .input(.scan("MB-77"))).0
        #expect(picked.selected == 1)
        #expect(WarehouseKioskTests.run(kiosk, picked, [.key(.named("F2"))]).1 == [.receive(transferID: "t-2", lineID: "l-2", acceptDifference: false)])
        let unknown = kiosk.update(picked, .input(.scan("ZZ-1"))).0
        #expect(unknown.selected == 1)
        #expect(kiosk.view(unknown, width: 80, height: 24).text.contains(" ! ZZ-1 is not on this list: check the label or choose the line with the"))
        let menu = kiosk.update(WarehouseKioskTests.atMain(), .input(.scan("PVD-PE"))).0
        #expect(menu.notice == Notice("kiosk.warehouse.choose_first"))
        // On a page with nothing to weigh, the weigh key says why for that page.
        var shop = WarehouseKiosk.State(user: "shop.op", place: "SHOP · scale-SHOP-01", operations: [.snapshot], now: WarehouseKioskTests.now)
        shop = kiosk.update(WarehouseKioskTests.run(kiosk, shop, [.key(.named("Enter"))]).0, .grid([])).0
        #expect(WarehouseKioskTests.run(kiosk, shop, [.key(.named("F2"))]).0.notice == Notice("kiosk.warehouse.nothing_to_count"))
        #expect(WarehouseKioskTests.run(kiosk, shop, [.key(.named("F12"))]).0.notice == Notice("kiosk.warehouse.nothing_to_count"))
        let empty = kiosk.update(listed, .transfers([])).0
        #expect(WarehouseKioskTests.run(kiosk, empty, [.key(.named("F2"))]).0.notice == Notice("kiosk.warehouse.nothing_in_transit"))
    }

    @Test func aPackersScanAndAnEmptyApproveAreAnswered() throws {
        let kiosk = try PackingKioskTests.kiosk(.en)
        let scanned = kiosk.update(PackingKioskTests.state, .input(.scan("FG-1"))).0
        #expect(lines(kiosk.view(scanned, width: 80, height: 24))[15].hasPrefix(" ! Scans are not used here"))
        let approved = kiosk.update(PackingKioskTests.state, .input(.key(.named("F5")))).0
        #expect(approved.notice == Notice("kiosk.pack.nothing_to_submit"))
        let next = kiosk.update(approved, .input(.key(.named("Esc")))).0
        #expect(next.notice == nil, "a notice goes with the next key")
    }

    @Test func f1AtTheSignInSaysHowToSignIn() throws {
        let kiosk = try LoginKioskTests.kiosk(.en)
        let state = kiosk.update(.init(), .input(.key(.named("F1")))).0
        #expect(state.message?.hasPrefix("Scan your badge, or type your name") == true)
    }

    /// F1 in every kiosk and language explains the kiosk in words of that language.
    @Test(arguments: Locales.Language.allCases)
    func f1ExplainsEveryKiosk(language: Locales.Language) throws {
        let chrome = try CatalogueTests.chrome(language)
        let help = [
            FGScannerKiosk(chrome: chrome).update(.init(user: "u"), .input(.key(.named("F1")))).0.notice,
            PackingKiosk(chrome: chrome, window: 10).update(PackingKioskTests.state, .input(.key(.named("F1")))).0.notice,
            QCQueueKiosk(chrome: chrome).update(.init(user: "u"), .input(.key(.named("F1")))).0.notice,
            ReworkKiosk(chrome: chrome, window: 10).update(ReworkKioskTests.fresh(), .input(.key(.named("F1")))).0.notice,
            WarehouseKiosk(chrome: chrome, window: 10).update(WarehouseKioskTests.atMain(), .input(.key(.named("F1")))).0.notice,
        ]
        for notice in help {
            let notice = try #require(notice)
            #expect(notice.style == .info)
            #expect(chrome.locales.has(notice.key), "\(notice.key) in \(language)")
        }
    }
}
