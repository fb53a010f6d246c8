import FactoryCore
import Foundation

/// The shop head's session form for a free line (spec §17.3): SKU, lot, shift and one or two
/// operators, with the SKU's published recipe and the crew gates `gt_2_extruder` and
/// `e3_qualification` lit before Start. Tab moves between fields, Up/Down picks from the
/// choices, Enter starts (signed by the PIN), Esc goes back to the board.
public struct SessionStartKiosk: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) {
        self.chrome = chrome
    }

    public enum Field: Int, Sendable, CaseIterable {
        case sku, lot, shift, firstOperator, secondOperator
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public let workcenter: String
        public var sku = ""
        public var lot = ""
        public var shift = Shift.day
        public var operators = ["", ""]
        public var focus = Field.sku
        public var choices = SessionService.StartChoices(skus: [], operators: [])
        public var preflight: SessionService.Preflight?
        public var prompt: SignPrompt?
        public var failure: Failure?
        public var notice: Notice?
        public var busy = false

        public init(user: String, workcenter: String) {
            self.user = user
            self.workcenter = workcenter
        }

        /// The operators named, in order.
        public var crew: [String] { operators.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case choices(SessionService.StartChoices, shift: Shift)
        case preflight(SessionService.Preflight)
        case started(Session.ID)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case choices
        case preflight(sku: String, operators: [String])
        case start(sku: String, lot: String, shift: Shift, operators: [String], pin: String)
        case back
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    static let actions: [KioskAction] = [.help, .confirm, .nextField, .cancel, .switchLanguage, .logout]

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .choices(let choices, let shift):
            state.choices = choices
            state.shift = shift
        case .preflight(let preflight):
            state.preflight = preflight
        case .started:
            state.busy = false
        case .refused(let failure):
            state.busy = false
            state.failure = failure
        case .input(let input) where state.prompt != nil:
            let action = input.named.flatMap { chrome.keymap.action(for: $0, offered: Self.actions) }
            if action == .cancel {
                state.prompt = nil
                break
            }
            if case .signed(_, let pin) = state.prompt!.take(input, action: action) {
                state.prompt = nil
                state.busy = true
                state.failure = nil
                return (state, [.start(sku: state.sku, lot: state.lot, shift: state.shift, operators: state.crew, pin: pin)])
            }
        case .input(.scan(let code)):
            guard state.focus == .firstOperator || state.focus == .secondOperator else {
                state.notice = Notice("kiosk.start.scan_operator")
                break
            }
            state.operators[state.focus.rawValue - Field.firstOperator.rawValue] = code
            return move(state, by: 1)
        case .input(.retract(let typed)):
            edit(&state) { $0.retract(typed) }
        case .input(.key(.character(let character))):
            guard state.focus != .shift else { break }
            edit(&state) { if $0.count < 40 { $0.append(character) } }
        case .input(.key(.named("Backspace"))):
            edit(&state) { _ = $0.popLast() }
        case .input(.key(.named(let name))):
            guard !state.busy else { break }
            switch (name, chrome.keymap.action(for: name, offered: Self.actions)) {
            case ("Up", _): pick(&state, by: -1)
            case ("Down", _): pick(&state, by: 1)
            case (_, .nextField): return move(state, by: 1)
            case (_, .previousField): return move(state, by: -1)
            case (_, .confirm):
                guard !state.sku.isEmpty else { state.notice = Notice("kiosk.start.sku_needed"); break }
                guard !state.lot.trimmingCharacters(in: .whitespaces).isEmpty else { state.notice = Notice("kiosk.start.lot_needed"); break }
                guard !state.crew.isEmpty else { state.notice = Notice("kiosk.start.operator_needed"); break }
                state.prompt = SignPrompt(needsNote: false)
                state.failure = nil
            case (_, .cancel): return (state, [.back])
            case (_, .help): state.notice = .help("start")
            case (_, .logout): return (state, [.logout])
            case (_, .switchLanguage): return (state, [.switchLanguage])
            default: state.notice = Notice("kiosk.start.keys")
            }
        }
        return (state, [])
    }

    /// Types into the field that has focus; the shift is picked, not typed.
    func edit(_ state: inout State, _ change: (inout String) -> Void) {
        switch state.focus {
        case .sku: change(&state.sku)
        case .lot: change(&state.lot)
        case .shift: break
        case .firstOperator: change(&state.operators[0])
        case .secondOperator: change(&state.operators[1])
        }
    }

    /// Up/Down: the next choice for the field (an SKU with a published recipe, an operator,
    /// the other shift); the second operator may be none.
    func pick(_ state: inout State, by step: Int) {
        func next(_ current: String, in choices: [String]) -> String {
            guard !choices.isEmpty else { return current }
            let index = choices.firstIndex(of: current).map { $0 + step } ?? (step > 0 ? 0 : choices.count - 1)
            return choices[(index % choices.count + choices.count) % choices.count]
        }
        switch state.focus {
        case .sku: state.sku = next(state.sku, in: state.choices.skus)
        case .lot: break
        case .shift: state.shift = state.shift == .day ? .night : .day
        case .firstOperator: state.operators[0] = next(state.operators[0], in: state.choices.operators)
        case .secondOperator: state.operators[1] = next(state.operators[1], in: [""] + state.choices.operators)
        }
    }

    /// Moves the focus; leaving the SKU or an operator asks the lights again.
    func move(_ state: State, by step: Int) -> (State, [Effect]) {
        var state = state
        let left = state.focus
        let count = Field.allCases.count
        state.focus = Field(rawValue: ((state.focus.rawValue + step) % count + count) % count)!
        guard left != .lot, left != .shift else { return (state, []) }
        return (state, [.preflight(sku: state.sku, operators: state.crew)])
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .started: .success
        case .refused: .refusal
        default: nil
        }
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.shophead.title"), user: state.user, width: width, height: height, actions: Self.actions)
        screen.put(words.text("kiosk.start.header", filling: ["workcenter": state.workcenter]), row: 2, column: 2, style: .dim)
        let labels: [(Field, String, String)] = [
            (.sku, words.text("field.sku"), state.sku), (.lot, words.text("field.lot"), state.lot),
            (.shift, words.text("field.shift"), words.text("shift.\(state.shift.rawValue)")),
            (.firstOperator, words.text("kiosk.start.operator", filling: ["n": "1"]), state.operators[0]),
            (.secondOperator, words.text("kiosk.start.operator", filling: ["n": "2"]), state.operators[1]),
        ]
        for (offset, (field, label, value)) in labels.enumerated() {
            let focused = field == state.focus && state.prompt == nil
            screen.put((focused ? "▶ " : "  ") + label, row: 4 + offset, column: 1, style: focused ? .normal : .dim)
            screen.put(" " + value.padding(toLength: max(16, value.count), withPad: " ", startingAt: 0) + " ", row: 4 + offset, column: 18,
                       style: focused ? .input : .normal)
            if focused, field != .lot { screen.put(words.text("kiosk.start.pick"), row: 4 + offset, column: 38, style: .dim) }
            if focused { screen.cursor = (4 + offset, 19 + (field == .shift ? 0 : value.count)) }
        }
        drawPreflight(state, on: &screen)
        if let prompt = state.prompt {
            chrome.draw(prompt, heading: words.text("kiosk.start.signing", filling: ["workcenter": state.workcenter, "sku": state.sku, "lot": state.lot]),
                        noteLabel: "", on: &screen, row: height - 8)
        }
        if let failure = state.failure {
            chrome.draw(failure, on: &screen, row: height - 5)
        }
        chrome.drawBusy(state.busy, on: &screen)
        chrome.draw(state.notice, on: &screen, row: height - 5)
        return screen
    }

    /// The recipe and the two crew gates as lights, and the line's running session if any.
    func drawPreflight(_ state: State, on screen: inout Screen) {
        let words = chrome.locales
        guard let preflight = state.preflight else { return }
        if let recipe = preflight.recipe {
            let materials = recipe.lines.map(\.material).joined(separator: ", ")
            screen.put(words.text("kiosk.start.recipe", filling: ["version": String(recipe.version), "limit": PercentText.tenths(recipe.vtLimit),
                                                                 "materials": materials]), row: 10, column: 2)
        } else if !state.sku.isEmpty {
            screen.put("● " + words.text("kiosk.start.no_recipe", filling: ["sku": state.sku]), row: 10, column: 2, style: .bad)
        }
        for (offset, (gate, light)) in [(GateType.gt2Extruder, preflight.twoExtruders), (.e3Qualification, preflight.qualification)].enumerated() {
            let (text, style): (String, Screen.Style) = switch light {
            case .clear: (words.text("kiosk.start.light_clear"), .good)
            case .held(let name): (words.text("kiosk.start.light_held", filling: ["operator": name]), .bad)
            case .unknown: (words.text("kiosk.start.light_unknown"), .dim)
            }
            screen.put("● \(words.text("gate.\(gate.rawValue)")): \(text)", row: 11 + offset, column: 2, style: style)
        }
        if preflight.running != nil {
            screen.put("● " + words.text("kiosk.start.line_busy", filling: ["workcenter": state.workcenter]), row: 13, column: 2, style: .bad)
        }
    }
}
