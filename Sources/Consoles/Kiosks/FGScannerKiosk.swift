import FactoryCore
import Foundation

/// The FG warehouse scanner (spec §17, M9): one scan field, always focused. A scan receives
/// the package at once (one scan and nothing else); a green card says what was received, a
/// red banner names the gate that stopped it (the OnHold is recorded by the service). The list
/// key shows what the warehouse holds, newest first with lot and production day; typing
/// narrows it to a lot. The scan field stays live there too: a scan still receives.
public struct FGScannerKiosk: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) { self.chrome = chrome }

    public struct Card: Sendable, Equatable {
        public let qrCode: String
        public let sku: String
        public let weight: String
        public let lot: String?

        public init(qrCode: String, sku: String, weight: String, lot: String?) {
            self.qrCode = qrCode
            self.sku = sku
            self.weight = weight
            self.lot = lot
        }
    }

    /// A received package in the list.
    public struct Row: Sendable, Equatable {
        public let qrCode: String
        public let lot: String
        public let sku: String
        public let weight: String
        public let day: String

        public init(qrCode: String, lot: String, sku: String, weight: String, day: String) {
            (self.qrCode, self.lot, self.sku, self.weight, self.day) = (qrCode, lot, sku, weight, day)
        }
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case received(Card)
        /// The roll just received was scanned once more: said in the colour of information.
        case alreadyReceived(qrCode: String)
        case refused(Failure, qrCode: String)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var field = ""
        public var outcome = Outcome.none
        public var recent: [Card] = []
        public var busy = false
        /// What the last key could not do, and why; gone with the next key.
        public var notice: Notice?
        /// The warehouse list while it is open (the field then narrows it by lot).
        public var listing: [Row]?

        public init(user: String) { self.user = user }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case received(Card)
        case refused(Failure, qrCode: String)
        case list([Row])
    }

    public enum Effect: Sendable, Equatable {
        case receive(String)
        case loadList
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .input(.scan(let code)):
            state.field = ""
            state.busy = true
            return (state, [.receive(code)])
        case .input(.retract(let typed)):
            state.field.retract(typed)
        case .input(.key(.character(let character))):
            state.field.append(character)
        case .input(.key(.named("Backspace"))):
            if !state.field.isEmpty { state.field.removeLast() }
        case .input(.key(.named(let name))):
            switch chrome.keymap.action(for: name) {
            case .confirm where !state.field.trimmingCharacters(in: .whitespaces).isEmpty:
                let code = state.field
                state.field = ""
                state.busy = true
                return (state, [.receive(code)])
            case .list where state.listing == nil:
                state.field = ""
                return (state, [.loadList])
            case .confirm:
                state.notice = Notice("kiosk.fg.scan_first")
            case .cancel:
                if state.field.isEmpty { state.listing = nil }
                state.field = ""
            case .help: state.notice = .help("fg")
            case .logout: return (state, [.logout])
            case .switchLanguage: return (state, [.switchLanguage])
            default: break
            }
        case .received(let card):
            state.busy = false
            state.outcome = .received(card)
            state.recent = Array(([card] + state.recent).prefix(8))
            if state.listing != nil { return (state, [.loadList]) }
        case .list(let rows):
            state.listing = rows
        case .refused(let failure, let qr):
            state.busy = false
            state.outcome = failure.reason == "already_received" ? .alreadyReceived(qrCode: qr) : .refused(failure, qrCode: qr)
        }
        return (state, [])
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .received: .success
        case .refused(let failure, _): failure.isInformation ? nil : .refusal
        default: nil
        }
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.fg.title"), user: state.user, width: width, height: height,
                                  actions: [.list, .cancel, .switchLanguage, .logout])
        let prompt = words.text("kiosk.fg.scan_prompt") + ": "
        screen.put(prompt, row: 2, column: 2)
        screen.put(state.field.padding(toLength: 28, withPad: " ", startingAt: 0), row: 2, column: 2 + prompt.count, style: .input)
        screen.cursor = (2, 2 + prompt.count + state.field.count)
        if state.busy { screen.put(words.text("kiosk.busy"), row: 2, column: width - 16, style: .dim) }
        switch state.outcome {
        case .none:
            screen.put(words.text("kiosk.fg.waiting"), row: 4, column: 2, style: .dim)
        case .received(let card):
            for row in 4...8 { screen.fill(row: row, style: .good) }
            screen.put(" ✔ " + words.text("kiosk.fg.received"), row: 4, column: 0, style: .good)
            screen.put("   QR: \(card.qrCode)", row: 5, column: 0, style: .good)
            screen.put("   \(words.text("field.sku")): \(card.sku)   \(words.text("field.weight")): \(words.kg(card.weight))", row: 6, style: .good)
            screen.put("   \(words.text("field.lot")): \(card.lot ?? "-")   \(words.text("field.qc")): \(words.text("kiosk.otk.decision.ok"))", row: 7, style: .good)
        case .alreadyReceived(let qr):
            for row in 4...5 { screen.fill(row: row, style: .info) }
            screen.put(" i \(words.text("kiosk.fg.already_received")): \(qr)", row: 4, style: .info)
            screen.put("   " + words.text("kiosk.fg.nothing_more"), row: 5, style: .info)
        case .refused(let failure, let qr):
            let refusal = chrome.refusal(failure)
            for row in 4...8 { screen.fill(row: row, style: refusal.style) }
            screen.banner(refusal.text, row: 4, rows: 3, style: refusal.style)
            screen.put("   QR: \(qr)", row: 7, style: refusal.style)
            if failure.gate != nil { screen.put("   " + words.text("kiosk.fg.onhold_recorded"), row: 8, style: refusal.style) }
        }
        if let listing = state.listing {
            let rows = listing.filter { state.field.isEmpty || $0.lot.localizedCaseInsensitiveContains(state.field) }
            let total = rows.reduce(Grams.zero) { $0 + ((try? Grams(parsing: $1.weight)) ?? .zero) }
            screen.put("\(words.text("kiosk.fg.list")) (\(rows.count) · \(words.kg(total.decimalText)))", row: 10, column: 2, style: .dim)
            for (index, row) in rows.enumerated() where 11 + index < height - 1 {
                screen.put("\(row.day)  \(row.lot.padding(toLength: 10, withPad: " ", startingAt: 0)) \(row.qrCode)  \(row.sku.padding(toLength: 8, withPad: " ", startingAt: 0)) \(words.kg(row.weight))",
                           row: 11 + index, column: 2)
            }
            return screen
        }
        screen.put(words.text("kiosk.fg.recent"), row: 10, column: 2, style: .dim)
        for (index, card) in state.recent.enumerated() where 11 + index < height - 1 {
            screen.put("\(card.qrCode)  \(card.sku.padding(toLength: 8, withPad: " ", startingAt: 0)) \(words.kg(card.weight))", row: 11 + index, column: 2)
        }
        chrome.draw(state.notice, on: &screen, row: 4)
        return screen
    }
}
