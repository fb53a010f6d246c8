import FactoryCore
import Foundation

/// The operator's packing kiosk (spec §17, M5): the session it packs for, the line scale's
/// live weight, and one key to create the package with the locked RS weight and the counter's
/// length. A tolerance breach turns the banner yellow with the way out (submit for review).
public struct PackingKiosk: Kiosk {
    public let chrome: Chrome
    /// The binding window (IOT_ACCEPT_WINDOW_SEC): an older reading is shown as offline.
    public let window: Double

    public init(chrome: Chrome, window: Double) {
        self.chrome = chrome
        self.window = window
    }

    public struct Packed: Sendable, Equatable {
        public let id: String
        public let qrCode: String
        public let weight: String
        public let length: String?
        public let status: String

        public init(id: String, qrCode: String, weight: String, length: String?, status: String) {
            (self.id, self.qrCode, self.weight, self.length, self.status) = (id, qrCode, weight, length, status)
        }
    }

    /// The length switched to Manual (spec §17.4): the metres of the next roll and why the
    /// counter's are not used; the reason stays for the rolls after, the metres are typed per roll.
    public struct ManualLength: Sendable, Equatable {
        public enum Field: Sendable, Equatable { case metres, reason }
        public var metres = ""
        public var reason = ""
        public var field = Field.metres

        public init(metres: String = "", reason: String = "", field: Field = .metres) {
            (self.metres, self.reason, self.field) = (metres, reason, field)
        }

        /// Both typed: the next F2 packs with them.
        public var isReady: Bool { !metres.isEmpty && !reason.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case packed(Packed)
        case review(Packed, submitted: Bool)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var session: String
        public var reading: LiveWeight?
        public var now: Timestamp
        public var reason = ""
        public var outcome = Outcome.none
        public var recent: [Packed] = []
        public var busy = false
        /// What the last key could not do, and why; gone with the next key.
        public var notice: Notice?
        /// The label printer's complaint, while it has one.
        public var printerMessage: String?
        /// nil: the length comes from the line's counter (Auto).
        public var manual: ManualLength?

        public init(user: String, session: String, now: Timestamp) {
            self.user = user
            self.session = session
            self.now = now
        }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case reading(LiveWeight?, now: Timestamp)
        case packed(Packed)
        case submitted
        case printed
        case printFailed(String)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        /// Packs with the typed length and its reason instead of the counter's.
        case packManual(metres: String, reason: String)
        case pack
        case submitReview(packageID: String, reason: String)
        /// The last package's label again (the first one prints with the package).
        case reprint(packageID: String)
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .reading(let reading, let now):
            state.reading = reading
            state.now = now
        case .input(.scan):
            state.notice = Notice("kiosk.notice.scan_not_used")
        case .input(.retract(let typed)):
            if var manual = state.manual, !Self.reviewing(state) {
                if manual.field == .metres { manual.metres.retract(typed, accepted: TypedKilograms.accepts) } else { manual.reason.retract(typed) }
                state.manual = manual
            } else {
                state.reason.retract(typed)
            }
        case .input(.key(.character(let character))):
            if var manual = state.manual, !Self.reviewing(state) {
                switch manual.field {
                case .metres: if TypedKilograms.accepts(character), manual.metres.count < 10 { manual.metres.append(character) }
                case .reason: if manual.reason.count < 60 { manual.reason.append(character) }
                }
                state.manual = manual
            } else {
                state.reason.append(character)
            }
        case .input(.key(.named("Backspace"))):
            if var manual = state.manual, !Self.reviewing(state) {
                if manual.field == .metres { _ = manual.metres.popLast() } else { _ = manual.reason.popLast() }
                state.manual = manual
            } else if !state.reason.isEmpty {
                state.reason.removeLast()
            }
        case .input(.key(.named(let name))):
            switch chrome.keymap.action(for: name, offered: Self.actions) {
            case .manualLength:
                state.manual = state.manual == nil ? ManualLength() : nil
            case .confirm:
                guard var manual = state.manual, !Self.reviewing(state) else { break }
                if manual.field == .metres, !manual.metres.isEmpty { manual.field = .reason }
                state.manual = manual
            case .weigh where !state.busy:
                if let manual = state.manual {
                    guard manual.isReady else {
                        state.notice = Notice("kiosk.pack.length_needed")
                        break
                    }
                    state.busy = true
                    return (state, [.packManual(metres: manual.metres, reason: manual.reason)])
                }
                state.busy = true
                return (state, [.pack])
            case .approve:
                guard case .review(let packed, false) = state.outcome, !state.busy else {
                    state.notice = Notice("kiosk.pack.nothing_to_submit")
                    break
                }
                state.busy = true
                return (state, [.submitReview(packageID: packed.id, reason: state.reason)])
            case .printLabel:
                guard let last = state.recent.first, !state.busy else {
                    state.notice = Notice("kiosk.pack.nothing_to_print")
                    break
                }
                state.busy = true
                return (state, [.reprint(packageID: last.id)])
            case .cancel: state.reason = ""
            case .help: state.notice = .help("pack")
            case .logout: return (state, [.logout])
            case .switchLanguage: return (state, [.switchLanguage])
            default: break
            }
        case .packed(let packed):
            state.busy = false
            // The next roll's metres are its own; the reason holds while the switch is on Manual.
            if state.manual != nil { state.manual?.metres = ""; state.manual?.field = .metres }
            state.outcome = packed.status == PackageStatus.review.rawValue ? .review(packed, submitted: false) : .packed(packed)
            state.recent = Array(([packed] + state.recent).prefix(6))
        case .printed:
            state.busy = false
            state.printerMessage = nil
        case .printFailed(let message):
            state.busy = false
            state.printerMessage = message
        case .submitted:
            state.busy = false
            state.reason = ""
            if case .review(let packed, _) = state.outcome { state.outcome = .review(packed, submitted: true) }
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
        }
        return (state, [])
    }

    /// A load put on or taken off the packing scale is someone at work.
    public func isPresence(_ event: Event, in state: State) -> Bool {
        guard case .reading(let reading?, _) = event else { return false }
        return reading.gross != state.reading?.gross
    }

    /// A roll packed in tolerance rings once; one out of tolerance asks for a reason like a refusal.
    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .packed(let packed): packed.status == PackageStatus.review.rawValue ? .refusal : .success
        case .submitted: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }

    /// The keys this kiosk offers, in its key bar's order.
    static let actions: [KioskAction] = [.weigh, .manualLength, .approve, .printLabel, .cancel, .switchLanguage, .logout]

    /// A roll out of tolerance waits for its reason: typing goes there, not to the length.
    static func reviewing(_ state: State) -> Bool {
        if case .review(_, false) = state.outcome { return true }
        return false
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.pack.title"), user: state.user, width: width, height: height,
                                  actions: Self.actions)
        screen.put(state.session, row: 1, column: 2, style: .dim)
        let below = LiveWeight.draw(state.reading, now: state.now, window: window, on: &screen, row: 3, locales: words)
        let banner = below + 5
        drawLength(state.manual, on: &screen, row: below + 1)
        switch state.outcome {
        case .none:
            break
        case .packed(let packed):
            screen.fill(row: banner, style: .good)
            screen.put(" ✔ \(words.text("kiosk.pack.packed")): \(packed.qrCode)  \(words.kg(packed.weight))  \(words.m(packed.length ?? "-"))", row: banner, style: .good)
        case .review(let packed, let submitted):
            screen.fill(row: banner, style: .warn)
            screen.put(" ! \(words.text("kiosk.pack.review")): \(packed.qrCode)  \(words.kg(packed.weight))", row: banner, style: .warn)
            if submitted {
                screen.put("   " + words.text("kiosk.pack.submitted"), row: banner + 1, style: .warn)
            } else {
                let prompt = "   \(words.text("kiosk.pack.reason")): "
                screen.put(prompt, row: banner + 1, style: .warn)
                screen.put(state.reason, row: banner + 1, column: prompt.count, style: .input)
                screen.cursor = (banner + 1, prompt.count + state.reason.count)
            }
        case .refused(let failure):
            let refusal = chrome.refusal(failure)
            screen.banner(refusal.text, row: banner, rows: 3, style: refusal.style)
        }
        chrome.drawBusy(state.busy, on: &screen)
        // The last label's QR, scannable from the screen.
        if let last = state.recent.first, let art = QRCodeArt.render(last.qrCode), width >= 80 {
            for (offset, line) in art.enumerated() where 2 + offset < banner {
                screen.put(line, row: 2 + offset, column: width - line.count - 1)
            }
        }
        if let message = state.printerMessage {
            screen.put(" ! \(words.text("kiosk.pack.printer")): \(message)", row: banner + 2, style: .warn)
        }
        screen.put(words.text("kiosk.pack.recent"), row: banner + 3, column: 2, style: .dim)
        for (index, packed) in state.recent.enumerated() where banner + 4 + index < height - 1 {
            screen.put("\(packed.qrCode)  \(words.kg(packed.weight))  \(words.m(packed.length ?? "-"))  \(words.text("status.package.\(packed.status)"))", row: banner + 4 + index, column: 2)
        }
        chrome.draw(state.notice, on: &screen, row: banner)
        return screen
    }
}

extension PackingKiosk {
    /// The length line: Auto from the counter, or Manual with the metres and the reason typed.
    func drawLength(_ manual: ManualLength?, on screen: inout Screen, row: Int) {
        let words = chrome.locales
        guard let manual else {
            screen.put("\(words.text("kiosk.pack.length")): \(words.text("kiosk.pack.length_auto"))", row: row, column: 4, style: .dim)
            return
        }
        let head = "\(words.text("kiosk.pack.length")): \(words.text("kiosk.pack.length_manual")) · "
        screen.put(head, row: row, column: 4, style: .warn)
        let metres = manual.metres.padding(toLength: max(8, manual.metres.count), withPad: " ", startingAt: 0)
        screen.put(metres, row: row, column: 4 + head.count, style: .input)
        screen.put(" \(words.text("unit.m"))", row: row, column: 4 + head.count + metres.count, style: .warn)
        let label = "\(words.text("kiosk.pack.length_reason")): "
        screen.put(label, row: row + 1, column: 4, style: .warn)
        screen.put(manual.reason.padding(toLength: max(20, manual.reason.count), withPad: " ", startingAt: 0), row: row + 1,
                   column: 4 + label.count, style: .input)
        screen.cursor = manual.field == .metres ? (row, 4 + head.count + manual.metres.count) : (row + 1, 4 + label.count + manual.reason.count)
    }
}
