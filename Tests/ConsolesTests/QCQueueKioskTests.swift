import Consoles
import FactoryCore
import Foundation
import Testing

/// The OTK queue: one key decides, the PIN signs, the e-seal shows, the queue moves on.
@Suite struct QCQueueKioskTests {
    static func kiosk(_ language: Locales.Language = .uz) throws -> QCQueueKiosk {
        let keymap = try Keymap(parsing: String(contentsOf: CatalogueTests.root.appendingPathComponent("keymaps/default.keymap"), encoding: .utf8))
        return QCQueueKiosk(chrome: Chrome(locales: try Locales(directory: CatalogueTests.root.appendingPathComponent("locales"), language: language),
                                           keymap: keymap))
    }

    static let items = [
        QCQueueKiosk.Item(id: "p1", qrCode: "FG-2026-11-25-000001", sku: "POL-10", weight: "30.000", length: "250.000", degassingPending: false),
        QCQueueKiosk.Item(id: "p2", qrCode: "FG-2026-11-25-000002", sku: "POL-10", weight: "30.200", length: "250.000", degassingPending: true),
    ]

    func lines(_ screen: Screen) -> [String] { screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func okIsOneKeyThenThePinThenEnter() throws {
        let kiosk = try Self.kiosk()
        var state = kiosk.update(.init(user: "otk"), .queue(Self.items)).0
        state = kiosk.update(state, .input(.key(.named("F5")))).0
        #expect(state.signing == .ok)
        for digit in "3301" { state = kiosk.update(state, .input(.key(.character(digit)))).0 }
        let screen = kiosk.view(state, width: 80, height: 24)
        #expect(lines(screen)[17] == " OK: FG-2026-11-25-000001")
        #expect(lines(screen)[18] == "   Imzo uchun PIN, Enter: ••••", "the PIN never shows")
        let (sent, effects) = kiosk.update(state, .input(.key(.named("Enter"))))
        #expect(effects == [.decide(packageID: "p1", decision: .ok, pin: "3301")])
        #expect(sent.pin.isEmpty && sent.signing == nil)
        let (sealed, reload) = kiosk.update(sent, .sealed(qrCode: "FG-2026-11-25-000001", decision: "ok", eSeal: String(repeating: "ab", count: 32)))
        #expect(reload == [.loadQueue])
        #expect(lines(kiosk.view(sealed, width: 80, height: 24))[20] == " ✔ FG-2026-11-25-000001: OK · e-muhr abababababababab…")
    }

    @Test func theQueueListsWithTheSelectionAndDegassingAndScanSelects() throws {
        let kiosk = try Self.kiosk(.en)
        var state = kiosk.update(.init(user: "otk"), .queue(Self.items)).0
        state = kiosk.update(state, .input(.scan("FG-2026-11-25-000002"))).0
        #expect(state.selected == 1)
        let screen = kiosk.view(state, width: 80, height: 24)
        #expect(lines(screen)[2] == "  Packages awaiting QC (2)")
        #expect(lines(screen)[3] == "    FG-2026-11-25-000001  POL-10   30.000 kg  250.000 m")
        #expect(lines(screen)[4] == "  ▶ FG-2026-11-25-000002  POL-10   30.200 kg  250.000 m  Degassing pending")
        #expect(screen.styles(row: 4).dropFirst(2).first == "I")
        state = kiosk.update(state, .input(.key(.named("Up")))).0
        #expect(state.selected == 0)
        #expect(kiosk.update(.init(user: "otk"), .input(.key(.named("F5")))).0.signing == nil, "nothing to decide on an empty queue")
    }

    @Test func aRefusalShowsItsGateAndEscCancelsSigning() throws {
        let kiosk = try Self.kiosk()
        var state = kiosk.update(.init(user: "otk"), .queue(Self.items)).0
        state = kiosk.update(state, .input(.key(.named("F6")))).0
        #expect(state.signing == .reject)
        state = kiosk.update(state, .input(.key(.named("Esc")))).0
        #expect(state.signing == nil)
        state = kiosk.update(state, .refused(Failure(code: "gate_blocked", gate: "degaz_gate", message: "FG-2 waits for degassing"))).0
        let screen = kiosk.view(state, width: 80, height: 24)
        #expect(lines(screen)[20] == " ✘ Degazatsiya kutilmoqda: FG-2 waits for degassing")
        #expect(screen.styles(row: 20).allSatisfy { $0 == "R" })
    }
}
