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
            state.reason.retract(typed)
        case .input(.key(.character(let character))):
            state.reason.append(character)
        case .input(.key(.named("Backspace"))):
            if !state.reason.isEmpty { state.reason.removeLast() }
        case .input(.key(.named(let name))):
            switch chrome.keymap.action(for: name) {
            case .weigh where !state.busy:
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

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.pack.title"), user: state.user, width: width, height: height,
                                  actions: [.weigh, .approve, .printLabel, .cancel, .switchLanguage, .logout])
        screen.put(state.session, row: 1, column: 2, style: .dim)
        let below = LiveWeight.draw(state.reading, now: state.now, window: window, on: &screen, row: 3, locales: words)
        let banner = below + 5
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
        if state.busy { screen.put(words.text("kiosk.busy"), row: 1, column: width - 16, style: .dim) }
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
