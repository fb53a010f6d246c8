import FactoryCore
import Foundation

/// The OTK queue (spec §17, M6): packages awaiting QC, oldest first; the inspector picks one,
/// decides with one key, and signs with the PIN again (the e-seal is shown once sealed).
/// A decided package leaves the queue and no screen offers to change it.
public struct QCQueueKiosk: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) { self.chrome = chrome }

    public struct Item: Sendable, Equatable {
        public let id: String
        public let qrCode: String
        public let sku: String
        public let weight: String
        public let length: String?
        public let degassingPending: Bool

        public init(id: String, qrCode: String, sku: String, weight: String, length: String?, degassingPending: Bool) {
            (self.id, self.qrCode, self.sku, self.weight, self.length, self.degassingPending) = (id, qrCode, sku, weight, length, degassingPending)
        }
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case sealed(qrCode: String, decision: String, eSeal: String)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var queue: [Item] = []
        public var selected = 0
        /// The decision waiting for the PIN, if any.
        public var signing: QCDecision?
        public var pin = ""
        public var outcome = Outcome.none
        public var busy = false

        public init(user: String) { self.user = user }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case queue([Item])
        case sealed(qrCode: String, decision: String, eSeal: String)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case loadQueue
        case decide(packageID: String, decision: QCDecision, pin: String)
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        switch event {
        case .queue(let items):
            state.queue = items
            state.selected = min(state.selected, max(0, items.count - 1))
        case .sealed(let qr, let decision, let seal):
            state.busy = false
            state.outcome = .sealed(qrCode: qr, decision: decision, eSeal: seal)
            return (state, [.loadQueue])
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
            return (state, [.loadQueue])
        case .input(.scan(let code)):
            // A scanned label selects its package in the queue.
            if let index = state.queue.firstIndex(where: { $0.qrCode == code }) { state.selected = index }
        case .input(.key(.character(let character))):
            if state.signing != nil, character.isNumber, state.pin.count < 8 { state.pin.append(character) }
        case .input(.key(.named("Backspace"))):
            if !state.pin.isEmpty { state.pin.removeLast() }
        case .input(.key(.named(let name))):
            switch (name, chrome.keymap.action(for: name)) {
            case ("Up", _) where state.signing == nil: state.selected = max(0, state.selected - 1)
            case ("Down", _) where state.signing == nil: state.selected = min(max(0, state.queue.count - 1), state.selected + 1)
            case (_, .approve) where state.signing == nil && !state.queue.isEmpty: state.signing = .ok
            case (_, .reject) where state.signing == nil && !state.queue.isEmpty: state.signing = .reject
            case (_, .confirm):
                guard let decision = state.signing, !state.pin.isEmpty, state.queue.indices.contains(state.selected), !state.busy else { break }
                let effect = Effect.decide(packageID: state.queue[state.selected].id, decision: decision, pin: state.pin)
                state.signing = nil
                state.pin = ""
                state.busy = true
                return (state, [effect])
            case (_, .cancel):
                state.signing = nil
                state.pin = ""
            case (_, .logout): return (state, [.logout])
            case (_, .switchLanguage): return (state, [.switchLanguage])
            default: break
            }
        }
        return (state, [])
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.otk.title"), user: state.user, width: width, height: height,
                                  actions: [.approve, .reject, .confirm, .cancel, .switchLanguage, .logout])
        screen.put("\(words.text("kiosk.otk.queue")) (\(state.queue.count))", row: 2, column: 2, style: .dim)
        let listRows = max(0, height - 12)
        let first = max(0, state.selected - listRows + 1)
        for (offset, item) in state.queue.dropFirst(first).prefix(listRows).enumerated() {
            let index = first + offset
            let line = "\(item.qrCode)  \(item.sku.padding(toLength: 8, withPad: " ", startingAt: 0)) \(item.weight) kg  \(item.length ?? "-") m"
                + (item.degassingPending ? "  " + words.text("gate.degaz_gate") : "")
            screen.put((index == state.selected ? "▶ " : "  ") + line, row: 3 + offset, column: 2, style: index == state.selected ? .input : .normal)
        }
        if state.queue.isEmpty { screen.put(words.text("kiosk.otk.empty"), row: 3, column: 4, style: .dim) }
        let bottom = height - 7
        if let decision = state.signing, state.queue.indices.contains(state.selected) {
            let item = state.queue[state.selected]
            screen.fill(row: bottom, style: .warn)
            screen.put(" \(words.text("kiosk.otk.decision.\(decision.rawValue)")): \(item.qrCode)", row: bottom, style: .warn)
            let prompt = "   \(words.text("kiosk.otk.sign_pin")): "
            screen.put(prompt, row: bottom + 1)
            screen.put(String(repeating: "•", count: state.pin.count).padding(toLength: 8, withPad: " ", startingAt: 0),
                       row: bottom + 1, column: prompt.count, style: .input)
            screen.cursor = (bottom + 1, prompt.count + state.pin.count)
        }
        switch state.outcome {
        case .none: break
        case .sealed(let qr, let decision, let seal):
            screen.fill(row: bottom + 3, style: .good)
            screen.put(" ✔ \(qr): \(words.text("kiosk.otk.decision.\(decision)")) · \(words.text("kiosk.otk.sealed")) \(seal.prefix(16))…",
                       row: bottom + 3, style: .good)
        case .refused(let failure):
            screen.fill(row: bottom + 3, style: .bad)
            screen.put(" ✘ " + chrome.banner(for: failure), row: bottom + 3, style: .bad)
        }
        return screen
    }
}
