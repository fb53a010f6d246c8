@testable import Consoles
import FactoryCore
import Foundation
import Testing

/// Each console's effects go to its narrow client, and only where they should: scripts of keys
/// run through a kiosk's update and its console's handler against test doubles that fail on
/// any call a test did not set up (the isowords way), so a key that calls the plant by mistake
/// is caught here.
@Suite struct ConsoleClientTests {
    /// Runs inputs through `update`, each effect through `handle`, and the answers back in,
    /// as the loop does; answers what the client was asked and whether the console left.
    static func drive<K: Kiosk>(_ kiosk: K, _ state: K.State, _ inputs: [KeyInput],
                                _ handle: (K.Effect) -> KioskApp.Handled<K.Event>) -> (state: K.State, left: Bool) {
        var state = state
        var pending = inputs.map(K.input)
        while !pending.isEmpty {
            let (next, effects) = kiosk.update(state, pending.removeFirst())
            state = next
            for effect in effects {
                switch handle(effect) {
                case .stay(let answers): pending.insert(contentsOf: answers, at: 0)
                case .leave, .switchLanguage, .open: return (state, true)
                }
            }
        }
        return (state, false)
    }

    final class Calls: @unchecked Sendable {
        var made: [String] = []
    }

    struct FG: FGClient {
        let calls: Calls
        var onReceive: ((String) -> FGScannerKiosk.Event)?
        var onList: (() -> FGScannerKiosk.Event)?
        func receive(_ scanned: String) -> FGScannerKiosk.Event {
            calls.made.append("receive \(scanned)")
            guard let onReceive else { Issue.record("unexpected receive(\(scanned))"); return .list([]) }
            return onReceive(scanned)
        }
        func list() -> FGScannerKiosk.Event {
            calls.made.append("list")
            guard let onList else { Issue.record("unexpected list()"); return .list([]) }
            return onList()
        }
    }

    struct Packing: PackingClient {
        let calls: Calls
        var onPack: (((metres: String, reason: String)?) -> [PackingKiosk.Event])?
        func pack(manual: (metres: String, reason: String)?) -> [PackingKiosk.Event] {
            calls.made.append("pack \(manual.map { "\($0.metres) m, \($0.reason)" } ?? "auto")")
            guard let onPack else { Issue.record("unexpected pack"); return [] }
            return onPack(manual)
        }
        func print(_ packageID: String) -> PackingKiosk.Event {
            Issue.record("unexpected print(\(packageID))")
            return .printed
        }
        func submitReview(_ packageID: String, reason: String) -> PackingKiosk.Event {
            Issue.record("unexpected submitReview(\(packageID))")
            return .submitted
        }
    }

    struct OTK: OTKClient {
        let calls: Calls
        var onDecide: ((String, QCDecision, String) -> QCQueueKiosk.Event)?
        func queue() -> QCQueueKiosk.Event {
            calls.made.append("queue")
            return .queue(QCQueueKioskTests.items)
        }
        func decide(_ packageID: String, _ decision: QCDecision, pin: String, okWeight: String?, finding: String?) -> QCQueueKiosk.Event {
            calls.made.append("decide \(packageID) \(decision.rawValue)")
            guard let onDecide else { Issue.record("unexpected decide(\(packageID))"); return .queue([]) }
            return onDecide(packageID, decision, pin)
        }
    }

    struct Grinder: GrinderClient {
        let calls: Calls
        func takeIn(order: String?, seal: String?, packageQR: String?, tare: String) -> ReworkKiosk.Event {
            Issue.record("unexpected takeIn")
            return .refused(Failure(code: "x", message: "x"))
        }
        func takeOut(order: String, vtSKU: String) -> ReworkKiosk.Event {
            Issue.record("unexpected takeOut")
            return .refused(Failure(code: "x", message: "x"))
        }
        func dispose(lot: String, tare: String, reason: String) -> ReworkKiosk.Event {
            Issue.record("unexpected dispose")
            return .refused(Failure(code: "x", message: "x"))
        }
    }

    @Test func oneScanAtFGAsksToReceiveThatLabelAndNothingElse() throws {
        let calls = Calls()
        let client = FG(calls: calls, onReceive: { .received(.init(qrCode: $0, sku: "POL-10", weight: "30.000", lot: nil)) })
        let kiosk = try FGScannerKioskTests.kiosk(.en)
        let (state, left) = Self.drive(kiosk, .init(user: "fg.ombor"), [.scan("FG-2026-11-25-000001")]) { FGConsole.handle($0, client) }
        #expect(calls.made == ["receive FG-2026-11-25-000001"])
        #expect(state.recent.map(\.qrCode) == ["FG-2026-11-25-000001"] && !left)
        // F1, Esc and an empty Enter ask the plant nothing; F10 leaves.
        let (_, gone) = Self.drive(kiosk, state, [.key(.named("F1")), .key(.named("Esc")), .key(.named("Enter")), .key(.named("F10"))]) {
            FGConsole.handle($0, client)
        }
        #expect(calls.made.count == 1 && gone)
    }

    @Test func theManualLengthReachesThePackingClientAsTyped() throws {
        let calls = Calls()
        let client = Packing(calls: calls, onPack: { _ in
            [.packed(.init(id: "p1", qrCode: "FG-2026-11-25-000001", weight: "30.400", length: "249.500", status: "draft_manual"))]
        })
        let kiosk = try PackingKioskTests.kiosk(.uz)
        let keys: [KeyInput] = [.key(.named("F3"))] + "249,5".map { .key(.character($0)) } + [.key(.named("Enter"))]
            + "hisoblagich".map { .key(.character($0)) } + [.key(.named("F2"))]
        let (state, _) = Self.drive(kiosk, PackingKioskTests.state, keys) { PackingConsole.handle($0, client) }
        #expect(calls.made == ["pack 249,5 m, hisoblagich"])
        #expect(state.recent.first?.status == "draft_manual")
        // With nothing in review, F5 asks nothing; with no label printed here yet, F8 neither.
        _ = Self.drive(kiosk, PackingKioskTests.state, [.key(.named("F5")), .key(.named("F8"))]) { PackingConsole.handle($0, client) }
        #expect(calls.made.count == 1)
    }

    @Test func anOTKDecisionIsAskedOnceWithTheSelectedRollAndThePIN() throws {
        let calls = Calls()
        let client = OTK(calls: calls, onDecide: { id, decision, pin in
            #expect(pin == "3301")
            return .sealed(qrCode: id, decision: decision.rawValue, eSeal: String(repeating: "ab", count: 32))
        })
        let kiosk = try QCQueueKioskTests.kiosk(.en)
        let queued = kiosk.update(.init(user: "otk"), .queue(QCQueueKioskTests.items)).0
        let keys: [KeyInput] = [.scan(QCQueueKioskTests.items[1].qrCode), .key(.named("F5"))] + "3301".map { .key(.character($0)) }
            + [.key(.named("Enter"))]
        _ = Self.drive(kiosk, queued, keys) { OTKConsole.handle($0, client) }
        #expect(calls.made == ["decide p2 ok", "queue"], "the decision, then the queue reloads")
        // A label not in the queue, then F5: nothing is asked.
        _ = Self.drive(kiosk, queued, [.scan("FG-2026-11-25-000099"), .key(.named("F5"))]) { OTKConsole.handle($0, client) }
        #expect(calls.made.count == 2)
    }

    @Test func theGrindersKeysWithNoOrderAskThePlantNothing() throws {
        let client = Grinder(calls: Calls())
        let kiosk = try ReworkKioskTests.kiosk(.en)
        _ = Self.drive(kiosk, ReworkKioskTests.fresh(), [.key(.named("F3")), .key(.named("Enter")), .key(.named("F1"))]) {
            GrinderConsole.handle($0, client)
        }
    }
}
