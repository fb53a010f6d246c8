import Consoles
import FactoryCore
import Foundation
import Testing

/// The grinder station: what a scan, the tare and the keys do, and its golden screens in
/// Uzbek and English.
@Suite struct ReworkKioskTests {
    static func kiosk(_ language: Locales.Language = .uz) throws -> ReworkKiosk {
        return ReworkKiosk(chrome: try CatalogueTests.chrome(language), window: 10)
    }

    static let now = Timestamp(microsecondsSinceEpoch: 1_795_000_000_000_000)
    static func fresh() -> ReworkKiosk.State {
        var state = ReworkKiosk.State(user: "drabilka", now: now, defaultVTSKU: "VT-PE-GR")
        state.reading = LiveWeight(gross: Grams(10_500), stable: true, at: now.adding(seconds: -2))
        state.outReading = LiveWeight(gross: Grams(18_600), stable: true, at: now.adding(seconds: -1))
        return state
    }

    static func run(_ kiosk: ReworkKiosk, _ state: ReworkKiosk.State, _ inputs: [KeyInput]) -> (ReworkKiosk.State, [ReworkKiosk.Effect]) {
        var state = state
        var effects: [ReworkKiosk.Effect] = []
        for input in inputs {
            let (next, more) = kiosk.update(state, .input(input))
            state = next
            effects += more
        }
        return (state, effects)
    }

    static func typed(_ text: String) -> [KeyInput] { text.map { .key(.character($0)) } }

    static let taken = ReworkKiosk.Taken(label: "S-1", net: "9.900", sessions: 1, excess: nil)

    @Test func aSealScanThenTheTareWeighsTheContainerIn() throws {
        let kiosk = try Self.kiosk()
        let (state, effects) = Self.run(kiosk, Self.fresh(), [.scan("S-1")] + Self.typed("0.6") + [.key(.named("Enter"))])
        #expect(effects == [.takeIn(orderID: nil, seal: "S-1", packageQR: nil, tare: "0.6")])
        #expect(state.busy)
        let (done, _) = kiosk.update(state, .takenIn(orderID: "order-1", inTotal: "9.900", Self.taken))
        #expect(done.order == .init(id: "order-1", inTotal: "9.900", containers: [Self.taken]))
        #expect(done.outcome == .takenIn(Self.taken))
        // The next container goes on the same order.
        let (_, next) = Self.run(kiosk, done, [.scan("S-2")] + Self.typed("0") + [.key(.named("Enter"))])
        #expect(next == [.takeIn(orderID: "order-1", seal: "S-2", packageQR: nil, tare: "0")])
    }

    @Test func aRejectedPackagesLabelIsItsOwnContainer() throws {
        let (state, _) = Self.run(try Self.kiosk(), Self.fresh(), [.scan("FG-2026-11-25-000003")])
        #expect(state.step == .tare(seal: nil, packageQR: "FG-2026-11-25-000003"))
    }

    @Test func weighingOutNeedsAContainerInAndEnterTakesTheDefaultVT() throws {
        let kiosk = try Self.kiosk()
        #expect(Self.run(kiosk, Self.fresh(), [.key(.named("F3"))]).0.step == .scan, "nothing in yet: nothing to weigh out")
        var state = Self.fresh()
        state.outReading = nil
        state = kiosk.update(state, .takenIn(orderID: "order-1", inTotal: "9.900", Self.taken)).0
        state = kiosk.update(state, .input(.key(.named("F3")))).0
        #expect(state.step == .vtSKU)
        let (busy, effects) = kiosk.update(state, .input(.key(.named("Enter"))))
        #expect(effects == [.takeOut(orderID: "order-1", vtSKU: "VT-PE-GR")])
        let closed = ReworkKiosk.Closed(out: "9.500", inTotal: "9.900", lossPercent: "4.040", vtBatch: "VT-1A2B3C4D")
        let done = kiosk.update(busy, .closed(closed)).0
        #expect(done.order == nil, "a weighed-out order is closed")
        #expect(done.outcome == .closed(closed))
    }

    @Test func weighingOutShowsTheOutScale() throws {
        let kiosk = try Self.kiosk(.en)
        var state = Self.fresh()
        state.outReading = nil
        state = kiosk.update(state, .takenIn(orderID: "order-1", inTotal: "9.900", Self.taken)).0
        state = kiosk.update(state, .outReading(LiveWeight(gross: Grams(9_400), stable: true, at: Self.now), now: Self.now)).0
        #expect(kiosk.view(state, width: 80, height: 24).text.contains("█ █████") , "the IN scale's 10.500 while taking in")
        let out = kiosk.update(state, .input(.key(.named("F3")))).0
        let digits = BigDigits.render("9.400")
        #expect(kiosk.view(out, width: 80, height: 24).text.contains(digits[0]), "the OUT scale's 9.400 while weighing out")
        #expect(!kiosk.view(state, width: 80, height: 24).text.contains(digits[0]))
    }

    @Test func disposalAsksTheLotTheTareAndAReason() throws {
        let kiosk = try Self.kiosk()
        let (state, effects) = Self.run(kiosk, Self.fresh(), [.key(.named("F7"))] + Self.typed("P-E1-1") + [.key(.named("Enter"))]
                                        + Self.typed("0.5") + [.key(.named("Enter"))] + [.key(.named("Enter"))])
        #expect(effects.isEmpty, "an empty reason does not dispose")
        #expect(state.step == .disposeReason(lot: "P-E1-1", tare: "0.5"))
        let (_, disposed) = Self.run(kiosk, state, Self.typed("PVC") + [.key(.named("Enter"))])
        #expect(disposed == [.dispose(lot: "P-E1-1", tare: "0.5", reason: "PVC")])
        #expect(Self.run(kiosk, state, [.key(.named("Esc"))]).0.step == .scan, "Esc leaves the form")
    }

    @Test func keysWaitWhileAWeighingIsUnderWay() throws {
        let kiosk = try Self.kiosk()
        var state = Self.fresh()
        state.busy = true
        #expect(Self.run(kiosk, state, [.key(.named("F7")), .scan("S-1")]).0.step == .scan)
    }
}

extension ReworkKioskTests {
    /// The states whose screens are held to golden text, reached through the kiosk's own events.
    static func goldenStates() throws -> [(Locales.Language, [(String, ReworkKiosk.State)])] {
        try Locales.Language.allCases.map { language in
            let kiosk = try kiosk(language)
            let waiting = fresh()
            let tare = run(kiosk, waiting, [.scan("S-1")] + typed("0.6")).0
            var takenIn = kiosk.update(run(kiosk, tare, [.key(.named("Enter"))]).0,
                                       .takenIn(orderID: "0f3c2a9e-5b1d-4c6e-9f00-123456789abc", inTotal: "19.400",
                                                .init(label: "S-1", net: "19.400", sessions: 1, excess: "9.500"))).0
            takenIn.now = now
            let vt = run(kiosk, takenIn, [.key(.named("F3"))]).0
            let closed = kiosk.update(run(kiosk, vt, [.key(.named("Enter"))]).0,
                                      .closed(.init(out: "18.600", inTotal: "19.400", lossPercent: "4.1", vtBatch: "VT-0F3C2A9E"))).0
            let lossy = kiosk.update(run(kiosk, vt, [.key(.named("Enter"))]).0,
                                     .closed(.init(out: "15.800", inTotal: "19.400", lossPercent: "18.6", vtBatch: "VT-0F3C2A9E",
                                                   lossAboveLimit: true))).0
            let refused = kiosk.update(run(kiosk, waiting, [.key(.named("F7"))] + typed("P-E1-1") + [.key(.named("Enter"))] + typed("0.5")
                                           + [.key(.named("Enter"))] + typed("PVC") + [.key(.named("Enter"))]).0,
                                       .refused(Failure(FactoryError.notFound("lot", "P-E1-1")))).0
            var offline = waiting
            offline.now = now.adding(seconds: 45)
            return (language, [("waiting", waiting), ("tare", tare), ("taken in", takenIn), ("weigh out", vt), ("closed", closed), ("closed, loss above the limit", lossy),
                               ("refused", refused), ("offline", offline)])
        }
    }
}

extension ReworkKioskTests {
    /// Every state above in Uzbek and English against `Golden/rework.txt`. After a deliberate
    /// change of the screen, GOLDEN_RECORD=1 writes the file anew; the diff is then reviewed.
    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for (language, states) in try Self.goldenStates() {
            let kiosk = try Self.kiosk(language)
            for (name, state) in states { text += "== \(language.rawValue) \(name)\n" + kiosk.view(state, width: 80, height: 24).text + "\n" }
        }
        try Golden.check(text, file: "rework.txt")
    }
}
