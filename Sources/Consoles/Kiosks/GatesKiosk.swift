import FactoryCore
import Foundation

/// The gates a supervisor releases (spec §17.6, §21): the open gates this person may release,
/// each with what it holds (the line and lot, the VT share against the recipe's limit, a held
/// roll's label); F5 releases the chosen one with a note, signed by the PIN: a session the VT
/// gate paused runs again, a roll's OnHold is lifted. Degassing done: scan a package's label or
/// type a lot and press Enter. F11 opens the inbox; Esc goes back where the console started.
public struct GatesKiosk: Kiosk {
    public let chrome: Chrome
    /// The technologist's home page, or the shop head's holds and gates.
    public let station: Station

    public init(chrome: Chrome, station: Station = .technologist) {
        self.chrome = chrome
        self.station = station
    }

    public enum Signing: Sendable, Equatable {
        case release(GateLog.Held)
        /// A package's label or a lot.
        case degassing(String)
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case released(String)
        case degassed(String, count: Int)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var items: [GateLog.Held] = []
        /// The open alerts that concern this person (for the technologist, a line's delta trending up).
        public var alerts: [AlertService.Alert] = []
        public var selected = 0
        /// A lot being typed for degassing done.
        public var lot = ""
        public var signing: Signing?
        public var prompt: SignPrompt?
        public var outcome = Outcome.none
        public var notice: Notice?
        public var busy = false

        public init(user: String) { self.user = user }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case items([GateLog.Held], alerts: [AlertService.Alert] = [])
        case released(String)
        case degassed(String, count: Int)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case load
        case release(GateRecord.ID, note: String, pin: String)
        case degassing(String, pin: String)
        case inbox
        /// The technologist's recipes.
        case recipes
        /// Esc with nothing under way: the console's first page.
        case back
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    var actions: [KioskAction] {
        station == .technologist ? [.help, .recipes, .approve, .confirm, .list, .cancel, .switchLanguage, .logout]
            : [.help, .approve, .confirm, .list, .cancel, .switchLanguage, .logout]
    }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .items(let items, let alerts):
            state.items = items
            state.alerts = alerts
            state.selected = min(state.selected, max(0, items.count - 1))
        case .released(let about):
            state.busy = false
            state.outcome = .released(about)
            return (state, [.load])
        case .degassed(let about, let count):
            state.busy = false
            state.outcome = .degassed(about, count: count)
            state.lot = ""
            return (state, [.load])
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
            return (state, [.load])
        case .input(let input) where state.signing != nil:
            let action = input.named.flatMap { chrome.keymap.action(for: $0, offered: actions) }
            if action == .cancel { state.signing = nil; state.prompt = nil; break }
            switch state.prompt?.take(input, action: action) {
            case .noteNeeded?: state.notice = Notice("kiosk.gates.note_needed")
            case .signed(let note, let pin)?:
                let effect: Effect = switch state.signing! {
                case .release(let held): .release(held.record.id, note: note, pin: pin)
                case .degassing(let target): .degassing(target, pin: pin)
                }
                state.signing = nil
                state.prompt = nil
                state.busy = true
                return (state, [effect])
            default: break
            }
        case .input(.scan(let code)):
            state.lot = ""
            state.signing = .degassing(code)
            state.prompt = SignPrompt(needsNote: false)
            state.outcome = .none
        case .input(.retract(let typed)):
            state.lot.retract(typed)
        case .input(.key(.character(let character))):
            if state.lot.count < 32 { state.lot.append(character) }
        case .input(.key(.named("Backspace"))):
            _ = state.lot.popLast()
        case .input(.key(.named(let name))):
            guard !state.busy else { break }
            switch (name, chrome.keymap.action(for: name, offered: actions)) {
            case ("Up", _): state.selected = max(0, state.selected - 1)
            case ("Down", _): state.selected = min(max(0, state.items.count - 1), state.selected + 1)
            case (_, .approve):
                guard state.items.indices.contains(state.selected) else { state.notice = Notice("kiosk.gates.nothing_open"); break }
                state.signing = .release(state.items[state.selected])
                state.prompt = SignPrompt(needsNote: true)
                state.outcome = .none
            case (_, .confirm):
                let lot = state.lot.trimmingCharacters(in: .whitespaces)
                guard !lot.isEmpty else { state.notice = Notice("kiosk.gates.type_lot"); break }
                state.signing = .degassing(lot)
                state.prompt = SignPrompt(needsNote: false)
                state.outcome = .none
            case (_, .cancel):
                if state.lot.isEmpty { return (state, [.back]) }
                state.lot = ""
            case (_, .list): return (state, [.inbox])
            case (_, .recipes): return (state, [.recipes])
            case (_, .help): state.notice = .help("gates")
            case (_, .logout): return (state, [.logout])
            case (_, .switchLanguage): return (state, [.switchLanguage])
            default: state.notice = Notice("kiosk.gates.keys")
            }
        }
        return (state, [])
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .released, .degassed: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.\(station.rawValue).title"), user: state.user, width: width, height: height,
                                  actions: actions.filter { ![.confirm, .cancel].contains($0) })
        screen.put("\(words.text("kiosk.gates.header")) (\(state.items.count))", row: 2, column: 2, style: .dim)
        if state.items.isEmpty { screen.put(words.text("kiosk.gates.empty"), row: 3, column: 4, style: .dim) }
        let room = max(1, height - 15)
        let first = max(0, state.selected - room + 1)
        for (offset, held) in state.items.dropFirst(first).prefix(room).enumerated() {
            let chosen = first + offset == state.selected
            screen.put(String(((chosen ? "▶ " : "  ") + describe(held)).prefix(width - 3)), row: 3 + offset, column: 1,
                       style: chosen ? .input : .normal)
        }
        let bottom = height - 11
        chrome.draw(state.alerts, on: &screen, row: bottom, rows: Chrome.alertRows(state.alerts, most: 1))
        // The gate's own note is the service's record, in no kiosk language: the line above says
        // the facts in the screen's words instead.
        let label = " \(words.text("kiosk.gates.degassing")): "
        screen.put(label, row: bottom + 2)
        screen.put(state.lot.padding(toLength: max(16, state.lot.count), withPad: " ", startingAt: 0), row: bottom + 2, column: label.count, style: .input)
        if state.signing == nil { screen.cursor = (bottom + 2, label.count + state.lot.count) }
        if let signing = state.signing, let prompt = state.prompt {
            let heading = switch signing {
            case .release(let held): "\(words.text("kiosk.gates.releasing")): \(describe(held))"
            case .degassing(let target): words.text("kiosk.gates.degassing_for", filling: ["target": target])
            }
            chrome.draw(prompt, heading: String(heading.prefix(width - 2)), noteLabel: words.text("kiosk.gates.note"), on: &screen, row: bottom + 4)
        }
        switch state.outcome {
        case .none: break
        case .released(let about):
            screen.banner(" ✔ " + words.text("kiosk.gates.released", filling: ["about": about]), row: height - 5, style: .good)
        case .degassed(let about, let count):
            screen.banner(" ✔ " + words.text("kiosk.gates.degassed", filling: ["target": about, "n": String(count)]), row: height - 5, style: .good)
        case .refused(let failure):
            chrome.draw(failure, on: &screen, row: height - 5)
        }
        chrome.drawBusy(state.busy, on: &screen)
        chrome.draw(state.notice, on: &screen, row: height - 5)
        return screen
    }

    /// "VT limit · E1 · P-7 · VT 23.0 % > 20 %".
    func describe(_ held: GateLog.Held) -> String {
        let words = chrome.locales
        var parts = [words.text("gate.\(held.record.gateType.rawValue)"), held.about]
        if let share = held.vtShare, let limit = held.vtLimit {
            parts.append(words.text("kiosk.gates.vt", filling: ["share": PercentText.tenths(share), "limit": PercentText.limit(limit),
                                                             "input": held.input.map { words.kg($0.decimalText) } ?? ""]))
        }
        return parts.joined(separator: " · ")
    }
}
