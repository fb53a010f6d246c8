import FactoryCore
import Foundation

/// The OTK queue (spec §17, M6): packages awaiting QC, oldest first; typing narrows it to a
/// line, SKU or lot. The inspector picks one and decides with one key: OK goes straight to the
/// PIN; reject asks what was found; partial asks the weight that passes, then what was found.
/// The PIN signs again and the e-seal is shown. A decided package leaves the queue and no
/// screen offers to change it (a partial one is split by the service).
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
        public let workcenter: String
        public let lot: String

        public init(id: String, qrCode: String, sku: String, weight: String, length: String?, degassingPending: Bool,
                    workcenter: String = "", lot: String = "") {
            (self.id, self.qrCode, self.sku, self.weight, self.length, self.degassingPending) = (id, qrCode, sku, weight, length, degassingPending)
            (self.workcenter, self.lot) = (workcenter, lot)
        }

        func matches(_ filter: String) -> Bool {
            filter.isEmpty || [qrCode, sku, workcenter, lot].contains { $0.localizedCaseInsensitiveContains(filter) }
        }
    }

    /// What the decision still needs before the PIN.
    public enum Stage: Sendable, Equatable {
        case okWeight, finding, pin
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
        /// The decision under way, if any, and what it still asks.
        public var signing: QCDecision?
        public var stage = Stage.pin
        public var okWeight = ""
        public var finding = ""
        public var pin = ""
        /// Narrows the queue to a line, SKU, lot or QR.
        public var filter = ""
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
        case decide(packageID: String, decision: QCDecision, pin: String, okWeight: String? = nil, finding: String? = nil)
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
            state.filter = ""
            if let index = state.queue.firstIndex(where: { $0.qrCode == code }) { state.selected = index }
        case .input(.retract(let typed)):
            switch (state.signing, state.stage) {
            case (nil, _): state.filter.retract(typed)
            case (_, .pin): state.pin.retract(typed, accepted: \.isNumber)
            case (_, .okWeight): state.okWeight.retract(typed) { $0.isNumber || $0 == "." }
            case (_, .finding): state.finding.retract(typed)
            }
        case .input(.key(.character(let character))):
            switch (state.signing, state.stage) {
            case (nil, _): if state.filter.count < 20 { state.filter.append(character); state.selected = 0 }
            case (_, .pin): if character.isNumber, state.pin.count < 8 { state.pin.append(character) }
            case (_, .okWeight): if character.isNumber || character == ".", state.okWeight.count < 10 { state.okWeight.append(character) }
            case (_, .finding): if state.finding.count < 60 { state.finding.append(character) }
            }
        case .input(.key(.named("Backspace"))):
            switch (state.signing, state.stage) {
            case (nil, _): if !state.filter.isEmpty { state.filter.removeLast() }
            case (_, .pin): if !state.pin.isEmpty { state.pin.removeLast() }
            case (_, .okWeight): if !state.okWeight.isEmpty { state.okWeight.removeLast() }
            case (_, .finding): if !state.finding.isEmpty { state.finding.removeLast() }
            }
        case .input(.key(.named(let name))):
            let visible = Self.visible(state)
            switch (name, chrome.keymap.action(for: name)) {
            case ("Up", _) where state.signing == nil: state.selected = max(0, state.selected - 1)
            case ("Down", _) where state.signing == nil: state.selected = min(max(0, visible.count - 1), state.selected + 1)
            case (_, .approve) where state.signing == nil && !visible.isEmpty: state.begin(.ok, at: .pin)
            case (_, .reject) where state.signing == nil && !visible.isEmpty: state.begin(.reject, at: .finding)
            case (_, .partial) where state.signing == nil && !visible.isEmpty: state.begin(.partial, at: .okWeight)
            case (_, .confirm):
                guard let decision = state.signing, visible.indices.contains(state.selected), !state.busy else { break }
                switch state.stage {
                case .okWeight: if !state.okWeight.isEmpty { state.stage = .finding }
                case .finding: if !state.finding.trimmingCharacters(in: .whitespaces).isEmpty { state.stage = .pin }
                case .pin:
                    guard !state.pin.isEmpty else { break }
                    let effect = Effect.decide(packageID: visible[state.selected].id, decision: decision, pin: state.pin,
                                               okWeight: decision == .partial ? state.okWeight : nil,
                                               finding: decision == .ok ? nil : state.finding)
                    state.begin(nil, at: .pin)
                    state.busy = true
                    return (state, [effect])
                }
            case (_, .cancel):
                if state.signing == nil { state.filter = "" }
                state.begin(nil, at: .pin)
            case (_, .logout): return (state, [.logout])
            case (_, .switchLanguage): return (state, [.switchLanguage])
            default: break
            }
        }
        return (state, [])
    }

    /// The queue as the filter leaves it.
    static func visible(_ state: State) -> [Item] { state.queue.filter { $0.matches(state.filter) } }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.otk.title"), user: state.user, width: width, height: height,
                                  actions: [.approve, .reject, .partial, .confirm, .cancel, .switchLanguage, .logout])
        let visible = Self.visible(state)
        screen.put("\(words.text("kiosk.otk.queue")) (\(visible.count))", row: 2, column: 2, style: .dim)
        if !state.filter.isEmpty {
            let label = "\(words.text("kiosk.otk.filter")): "
            screen.put(label, row: 2, column: 40, style: .dim)
            screen.put(state.filter, row: 2, column: 40 + label.count, style: .input)
        }
        let listRows = max(0, height - 12)
        let first = max(0, state.selected - listRows + 1)
        for (offset, item) in visible.dropFirst(first).prefix(listRows).enumerated() {
            let index = first + offset
            let line = "\(item.qrCode)  \(item.sku.padding(toLength: 8, withPad: " ", startingAt: 0)) \(item.weight) kg  \(item.length ?? "-") m"
                + (item.degassingPending ? "  " + words.text("gate.degaz_gate") : "")
            screen.put((index == state.selected ? "▶ " : "  ") + line, row: 3 + offset, column: 2, style: index == state.selected ? .input : .normal)
        }
        if visible.isEmpty { screen.put(words.text("kiosk.otk.empty"), row: 3, column: 4, style: .dim) }
        let bottom = height - 7
        if let decision = state.signing, visible.indices.contains(state.selected) {
            let item = visible[state.selected]
            screen.fill(row: bottom, style: .warn)
            var head = " \(words.text("kiosk.otk.decision.\(decision.rawValue)")): \(item.qrCode)"
            if decision == .partial, state.stage != .okWeight { head += " · OK \(state.okWeight) kg / \(item.weight) kg" }
            screen.put(head, row: bottom, style: .warn)
            let (prompt, typed): (String, String) = switch state.stage {
            case .okWeight: (words.text("kiosk.otk.ok_weight"), state.okWeight)
            case .finding: (words.text("kiosk.otk.finding"), state.finding)
            case .pin: (words.text("kiosk.otk.sign_pin"), String(repeating: "•", count: state.pin.count))
            }
            let label = "   \(prompt): "
            screen.put(label, row: bottom + 1)
            screen.put(typed.padding(toLength: max(8, typed.count), withPad: " ", startingAt: 0), row: bottom + 1, column: label.count, style: .input)
            screen.cursor = (bottom + 1, label.count + typed.count)
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

extension QCQueueKiosk.State {
    /// Starts (or, with nil, ends) a decision at its first question, with nothing typed yet.
    mutating func begin(_ decision: QCDecision?, at stage: QCQueueKiosk.Stage) {
        signing = decision
        self.stage = stage
        okWeight = ""
        finding = ""
        pin = ""
    }
}
