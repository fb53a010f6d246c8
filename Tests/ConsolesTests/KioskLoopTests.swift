import Consoles
import FactoryCore
import Foundation
import Testing

/// The loop between a terminal and a kiosk, with a scripted terminal: keys in, screens out.
@Suite struct KioskLoopTests {
    final class ScriptedTerminal: Terminal {
        var size: (width: Int, height: Int)
        var keys: [KeyPress?]
        var drawn: [Screen] = []
        /// How long a draw takes (a slow terminal, a loaded machine).
        var drawSeconds: Double = 0

        init(size: (Int, Int), keys: [KeyPress?]) {
            self.size = size
            self.keys = keys
        }

        var sounds: [Feedback] = []
        func sound(_ feedback: Feedback) { sounds.append(feedback) }

        func draw(_ screen: Screen) {
            drawn.append(screen)
            if drawSeconds > 0 { Thread.sleep(forTimeInterval: drawSeconds) }
        }

        func nextKey(timeoutMilliseconds: Int32) -> KeyPress? {
            guard !keys.isEmpty else { return .named("F10") }
            // A real scanner's keys come within microseconds; `nil` is a pause of one timeout.
            let key = keys.removeFirst()
            if key == nil { Thread.sleep(forTimeInterval: Double(timeoutMilliseconds) / 1000 * 5) }
            return key
        }
    }

    func kiosk() throws -> FGScannerKiosk { try FGScannerKioskTests.kiosk() }

    @Test func aScanBecomesOneEffectAndItsAnswerIsDrawn() throws {
        let terminal = ScriptedTerminal(size: (80, 24), keys: "FG-1".map { .character($0) } + [.named("Enter")])
        var loop = KioskLoop(kiosk: try kiosk(), terminal: terminal, detector: ScanDetector(), idleSeconds: nil, tooSmall: "small")
        var received: [String] = []
        let end = loop.run(.init(user: "fg.ombor")) { effect in
            switch effect {
            case .receive(let code):
                received.append(code)
                return .stay([.received(.init(qrCode: code, sku: "POL-10", weight: "30.000", lot: nil))])
            case .logout: return .leave
            case .switchLanguage, .loadList: return .stay([])
            }
        }
        #expect(received == ["FG-1"])
        #expect(end.recent.map(\.qrCode) == ["FG-1"])
        #expect(terminal.drawn.last?.text.contains("Qabul qilindi") == true)
    }

    @Test func aSmallTerminalIsToldSoAndIdleSignsOut() throws {
        let terminal = ScriptedTerminal(size: (60, 20), keys: [nil, nil, nil])
        var loop = KioskLoop(kiosk: try kiosk(), terminal: terminal, detector: ScanDetector(), idleSeconds: 0.01, tooSmall: "80×24 kerak")
        var effects = 0
        _ = loop.run(.init(user: "fg.ombor")) { _ in
            effects += 1
            return .leave
        }
        #expect(terminal.drawn.first?.text.split(separator: "\n").first == "80×24 kerak")
        #expect(effects == 0, "the loop ended by itself: no key for longer than the idle time")
        #expect(!terminal.keys.isEmpty, "before the scripted keys ran out")
    }

    @Test func aScanStaysAScanWhenDrawingIsSlowerThanTheScannersPace() throws {
        // The first key of a burst is shown at once; the rest are already waiting and are read
        // before the next draw, so 60 ms draws do not split the burst into typing.
        let terminal = ScriptedTerminal(size: (80, 24), keys: ["op.aziz".map { .character($0) } + [.named("Enter")]].flatMap { $0 })
        terminal.drawSeconds = 0.06
        var loop = KioskLoop(kiosk: try kiosk(), terminal: terminal, detector: ScanDetector(), idleSeconds: nil, tooSmall: "small")
        var received: [String] = []
        _ = loop.run(.init(user: "fg.ombor")) { effect in
            switch effect {
            case .receive(let code):
                received.append(code)
                return .stay([])
            case .logout: return .leave
            case .switchLanguage, .loadList: return .stay([])
            }
        }
        #expect(received == ["op.aziz"])
    }
}


@Suite struct KeyDebounceTests {
    @Test func anActionKeyRepeatedAtOnceIsOnePressAndNavigationIsNeverDropped() {
        var debounce = KeyDebounce()
        let start = ContinuousClock.now
        let presses: [(KeyPress, Int, Bool, String)] = [
            (.named("F2"), 0, true, "the first press"),
            (.named("F2"), 120, false, "a bounce of the same key"),
            (.named("F2"), 500, true, "a second real press"),
            (.named("Enter"), 510, true, "another key is its own press"),
            (.named("Enter"), 600, false, "Enter bounces too"),
            (.named("Down"), 610, true, "navigation"),
            (.named("Down"), 620, true, "holding the arrow still scrolls"),
            (.character("7"), 630, true, "typing"),
            (.character("7"), 640, true, "typing 77 is two sevens"),
        ]
        for (key, milliseconds, accepted, why) in presses {
            let answer = debounce.accepts(key, at: start + .milliseconds(milliseconds))
            #expect(answer == accepted, "\(why)")
        }
    }
}

extension KioskLoopTests {
    /// Before an idle sign-out the kiosk counts down above the key bar; a key puts it away.
    @Test func anIdleSignOutIsCountedDownFirstAndAKeyKeepsThePersonIn() throws {
        let terminal = ScriptedTerminal(size: (80, 24), keys: Array(repeating: nil, count: 14) + [.named("Esc")] + Array(repeating: nil, count: 60))
        var loop = KioskLoop(kiosk: try kiosk(), terminal: terminal, detector: ScanDetector(), idleSeconds: 1.2, tooSmall: "small",
                             idleWarning: { "signing out in \($0) s" })
        let started = ContinuousClock.now
        _ = loop.run(.init(user: "fg.ombor")) { _ in .leave }
        let rows = terminal.drawn.map { $0.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[22] }
        let warned = rows.firstIndex { $0.hasPrefix(" ⧖ signing out in 1 s") }
        #expect(warned != nil, "the countdown is shown before the sign-out")
        let cleared = warned.flatMap { index in rows[index...].firstIndex { !$0.contains("signing out") } }
        #expect(cleared != nil, "Esc put the countdown away")
        #expect(ContinuousClock.now - started > .milliseconds(1_800), "the key restarted the idle time")
        #expect(terminal.drawn.last.map { $0.styles(row: 22).hasPrefix("WWW") } == true, "the last screen counts down again")
    }

    /// At a packing or grinder station a load put on the scale is someone at work.
    @Test func aLoadOnTheStationsScaleIsPresence() throws {
        let kiosk = try PackingKioskTests.kiosk()
        let state = PackingKioskTests.state
        let load = LiveWeight(gross: Grams(30_000), stable: false, at: PackingKioskTests.now)
        #expect(kiosk.isPresence(.reading(load, now: PackingKioskTests.now), in: state))
        let same = kiosk.update(state, .reading(load, now: PackingKioskTests.now)).0
        #expect(!kiosk.isPresence(.reading(load, now: PackingKioskTests.now), in: same), "the same weight again is nobody")
        #expect(!(try FGScannerKioskTests.kiosk()).isPresence(.list([]), in: .init(user: "u")))
    }
}

extension KioskLoopTests {
    /// A service call that takes long (a busy database) does not freeze the kiosk: the waiting
    /// line shows at once with its seconds, keys typed meanwhile are on screen, and the answer
    /// is drawn when it comes.
    @Test func aSlowAnswerShowsAWaitingLineAndKeysStillWork() throws {
        let scan: [KeyPress?] = "FG-1".map { .character($0) } + [.named("Enter")]
        let meanwhile: [KeyPress?] = Array(repeating: nil, count: 25) + [.character("F"), .character("G")] + Array(repeating: nil, count: 10)
        let terminal = ScriptedTerminal(size: (80, 24), keys: scan + meanwhile)
        var loop = KioskLoop(kiosk: try kiosk(), terminal: terminal, detector: ScanDetector(), idleSeconds: nil, tooSmall: "small",
                             waiting: { "waiting \($0) s" })
        let end = loop.run(.init(user: "fg.ombor")) { effect in
            switch effect {
            case .receive(let code):
                Thread.sleep(forTimeInterval: 1.6)
                return .stay([.received(.init(qrCode: code, sku: "POL-10", weight: "30.000", lot: nil))])
            case .logout: return .leave
            case .switchLanguage, .loadList: return .stay([])
            }
        }
        let rows = terminal.drawn.map { $0.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.contains { $0[22] == " ⧖ waiting 0 s" }, "the waiting line, at once")
        #expect(rows.contains { $0[22] == " ⧖ waiting 1 s" }, "then with its seconds")
        #expect(rows.contains { $0[22] == " ⧖ waiting 1 s" && $0[2].contains("FG") }, "keys typed while waiting are on screen")
        #expect(end.recent.map(\.qrCode) == ["FG-1"])
        #expect(terminal.drawn.last.map { !$0.text.contains("waiting") } == true, "the line goes with the answer")
    }
}

extension KioskLoopTests {
    /// The worker hears the answer: one sound for a roll received, another for a refusal, and
    /// nothing for a double scan (information).
    @Test func aSuccessAndARefusalSoundDifferentlyAndInformationIsSilent() throws {
        let codes = ["FG-1", "FG-2", "FG-3"]
        let keys: [KeyPress?] = codes.flatMap { code in code.map { KeyPress.character($0) } + [.named("Enter"), nil] }
        let terminal = ScriptedTerminal(size: (80, 24), keys: keys)
        var loop = KioskLoop(kiosk: try kiosk(), terminal: terminal, detector: ScanDetector(), idleSeconds: nil, tooSmall: "small")
        _ = loop.run(.init(user: "fg.ombor")) { effect in
            switch effect {
            case .receive("FG-1"): return .stay([.received(.init(qrCode: "FG-1", sku: "POL-10", weight: "30.000", lot: nil))])
            case .receive("FG-2"): return .stay([.refused(Failure(FactoryError.gate(.qrDuplicate, "again")), qrCode: "FG-2")])
            case .receive(let code): return .stay([.refused(Failure(FactoryError.conflict("already_received", "x")), qrCode: code)])
            case .logout: return .leave
            case .switchLanguage, .loadList: return .stay([])
            }
        }
        #expect(terminal.sounds == [.success, .refusal])
        #expect(Sounder.rings(.success) == 1 && Sounder.rings(.refusal) == 3, "the bell's patterns differ")
    }
}
