import FactoryCore
import Foundation

/// One session at a supervisor's console (spec §6.8, §17.3, §17.6): the balance card with the
/// delta against its limit as a bar, and for the shop head the work on it: feed material from
/// SHOP on the SHOP scale (F2, the batch scanned or the oldest picked with F11), weigh a scrap
/// container on the line's scale (F3), pause or resume (F4), close on the balance (F7) or ask a
/// re-open of a closed one (F6), ask the technologist for another published recipe version
/// (F12, a live recipe change), each decision signed by the PIN. F8 drills into the facts
/// behind the card; Esc goes back.
public struct SessionKiosk: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) {
        self.chrome = chrome
    }

    /// What the console reads for the card.
    public struct Card: Sendable, Equatable {
        public let session: Session
        public let preview: BalanceService.Preview
        public let openGates: [GateType]
        /// The SKU's other published recipe versions, newest first: what a live change may ask.
        public let recipeVersions: [Int64]

        public init(session: Session, preview: BalanceService.Preview, openGates: [GateType] = [], recipeVersions: [Int64] = []) {
            (self.session, self.preview, self.openGates, self.recipeVersions) = (session, preview, openGates, recipeVersions)
        }
    }

    public enum Decision: Sendable, Equatable {
        case close, reopen, pause, resume
        /// Ask the technologist to switch the running session to this published version.
        case recipeChange(version: Int64)

        /// The locale key's last word.
        var word: String {
            switch self {
            case .close: "close"
            case .reopen: "reopen"
            case .pause: "pause"
            case .resume: "resume"
            case .recipeChange: "recipe_change"
            }
        }
    }

    public enum Mode: Sendable, Equatable {
        case card
        /// Material from SHOP into the session: scale, material, batch.
        case feed
        /// A scrap container of the line: scale, tare, seal.
        case scrap
        case sign(Decision)
        case drill
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case fed(Grams, vtShare: Percent, gateOpened: Bool)
        case scrapped(Grams)
        case decided(Decision)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        /// The shop head steers; the director and the technologist look.
        public let canSteer: Bool
        public var card: Card?
        public var mode = Mode.card
        /// The fields of the feed or scrap form, and the one with focus.
        public var fields = ["", "", ""]
        public var focus = 0
        /// The SHOP scale material is fed on, and the line's scale for scrap.
        public var shopScale: String
        public var lineScale: String
        /// The material's batches in SHOP, oldest first (F11 in the feed form).
        public var batches: [String] = []
        public var prompt: SignPrompt?
        public var investigation: Investigation?
        public var scroll = 0
        public var outcome = Outcome.none
        public var notice: Notice?
        public var busy = false

        public init(user: String, canSteer: Bool, shopScale: String = "", lineScale: String = "") {
            (self.user, self.canSteer, self.shopScale, self.lineScale) = (user, canSteer, shopScale, lineScale)
        }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case card(Card)
        case fed(Grams, vtShare: Percent, gateOpened: Bool)
        case scrapped(Grams)
        case decided(Decision)
        case batches([String])
        case investigation(Investigation)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case load
        case feed(scale: String, material: String, batch: String)
        case batches(material: String)
        case scrap(scale: String, tare: String, seal: String)
        case decide(Decision, note: String, pin: String)
        case investigate
        case back
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    /// The keys the card offers for the session as it stands.
    public func actions(_ state: State) -> [KioskAction] {
        switch state.mode {
        case .feed: return [.confirm, .nextField, .list, .cancel, .switchLanguage, .logout]
        case .scrap: return [.confirm, .nextField, .cancel, .switchLanguage, .logout]
        case .sign: return [.confirm, .cancel, .switchLanguage, .logout]
        case .drill: return [.back, .switchLanguage, .logout]
        case .card: break
        }
        var actions: [KioskAction] = [.help]
        if state.canSteer, let status = state.card?.session.status {
            // A paused line takes no material (the service refuses it), but its scrap is still
            // weighed, and a VT pause may be answered by another recipe version.
            switch status {
            case .closed: actions += [.reopen]
            case .paused: actions += [.weighScrap, .pauseResume, .closeSession, .recipeChange]
            case .opened: actions += [.feed, .weighScrap, .pauseResume, .closeSession, .recipeChange]
            }
        }
        return actions + [.investigate, .back, .switchLanguage, .logout]
    }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .card(let card):
            state.card = card
        case .fed(let quantity, let share, let gate):
            state.busy = false
            state.outcome = .fed(quantity, vtShare: share, gateOpened: gate)
            state.fields[2] = ""
            return (state, [.load])
        case .scrapped(let net):
            state.busy = false
            state.outcome = .scrapped(net)
            state.fields[2] = ""
            return (state, [.load])
        case .decided(let decision):
            state.busy = false
            state.outcome = .decided(decision)
            return (state, [.load])
        case .batches(let batches):
            state.batches = batches
            if let oldest = batches.first { state.fields[2] = oldest } else { state.notice = Notice("kiosk.session.no_batches") }
        case .investigation(let investigation):
            state.busy = false
            state.investigation = investigation
            state.mode = .drill
            state.scroll = 0
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
        case .input(let input):
            guard !state.busy else { break }
            return take(input, state)
        }
        return (state, [])
    }

    func take(_ input: KeyInput, _ state: State) -> (State, [Effect]) {
        var state = state
        let action = input.named.flatMap { chrome.keymap.action(for: $0, offered: actions(state)) }
        // Language and sign-out work on every page, in the middle of a form too.
        if action == .logout { return (state, [.logout]) }
        if action == .switchLanguage { return (state, [.switchLanguage]) }
        switch state.mode {
        case .sign(let decision):
            if action == .cancel { state.mode = .card; state.prompt = nil; break }
            switch state.prompt?.take(input, action: action) {
            case .noteNeeded?: state.notice = Notice("kiosk.inbox.reason_needed")
            case .signed(let note, let pin)?:
                state.mode = .card
                state.prompt = nil
                state.busy = true
                state.outcome = .none
                return (state, [.decide(decision, note: note, pin: pin)])
            default: break
            }
        case .feed, .scrap:
            return form(input, action, state)
        case .drill:
            switch (input.named, action) {
            case ("Up", _): state.scroll = max(0, state.scroll - 1)
            case ("Down", _): state.scroll += 1
            case (_, .back): state.mode = .card
            default: if input.named != nil { state.notice = Notice("kiosk.session.drill_keys") }
            }
        case .card:
            if case .scan = input { state.notice = Notice("kiosk.session.scan_in_form"); break }
            guard input.named != nil else { break }
            guard let action, actions(state).contains(action) else {
                state.notice = Notice(state.canSteer ? "kiosk.session.keys" : "kiosk.session.look_only")
                break
            }
            let status = state.card?.session.status
            switch action {
            case .feed: state = open(.feed, state, scale: state.shopScale)
            case .weighScrap: state = open(.scrap, state, scale: state.lineScale)
            case .pauseResume: state = sign(status == .paused ? .resume : .pause, state)
            case .closeSession: state = sign(.close, state)
            case .reopen: state = sign(.reopen, state)
            case .recipeChange:
                guard let version = state.card?.recipeVersions.first else {
                    state.notice = Notice("kiosk.session.no_other_recipe")
                    break
                }
                state = sign(.recipeChange(version: version), state)
            case .investigate:
                state.busy = true
                return (state, [.investigate])
            case .back: return (state, [.back])
            case .help: state.notice = .help("session")
            default: break
            }
        }
        return (state, [])
    }

    func open(_ mode: Mode, _ state: State, scale: String) -> State {
        var state = state
        state.mode = mode
        state.fields = [scale, mode == .scrap ? "" : state.fields[1], ""]
        state.focus = scale.isEmpty ? 0 : 1
        state.batches = []
        state.outcome = .none
        return state
    }

    func sign(_ decision: Decision, _ state: State) -> State {
        var state = state
        state.mode = .sign(decision)
        state.prompt = SignPrompt(needsNote: decision != .close && decision != .resume)
        state.outcome = .none
        return state
    }

    /// The feed and scrap forms: Tab between fields, a scan into the batch or seal field, Enter
    /// on a filled form weighs.
    func form(_ input: KeyInput, _ action: KioskAction?, _ state: State) -> (State, [Effect]) {
        var state = state
        let kilograms = state.mode == .scrap && state.focus == 1
        switch input {
        case .scan(let code):
            state.fields[2] = code
            state.focus = 2
        case .retract(let typed):
            state.fields[state.focus].retract(typed, accepted: kilograms ? TypedKilograms.accepts : { _ in true })
        case .key(.character(let character)):
            guard !kilograms || TypedKilograms.accepts(character), state.fields[state.focus].count < 32 else { break }
            state.fields[state.focus].append(character)
        case .key(.named("Backspace")):
            _ = state.fields[state.focus].popLast()
        case .key(.named(let name)):
            switch (name, action) {
            case ("Up", _) where state.mode == .feed && state.focus == 2: cycle(&state, by: -1)
            case ("Down", _) where state.mode == .feed && state.focus == 2: cycle(&state, by: 1)
            case (_, .nextField): state.focus = (state.focus + 1) % 3
            case (_, .previousField): state.focus = (state.focus + 2) % 3
            case (_, .list):
                guard !state.fields[1].isEmpty else { state.notice = Notice("kiosk.session.material_first"); break }
                state.focus = 2
                return (state, [.batches(material: state.fields[1])])
            case (_, .cancel):
                state.mode = .card
            case (_, .confirm):
                let needed = state.mode == .feed ? [0, 1, 2] : [0, 1]
                if let empty = needed.first(where: { state.fields[$0].trimmingCharacters(in: .whitespaces).isEmpty }) {
                    state.focus = empty
                    state.notice = Notice("kiosk.session.fill_field")
                    break
                }
                state.busy = true
                state.outcome = .none
                let f = state.fields
                return (state, [state.mode == .feed ? .feed(scale: f[0], material: f[1], batch: f[2]) : .scrap(scale: f[0], tare: f[1], seal: f[2])])
            default: state.notice = Notice("kiosk.session.form_keys")
            }
        }
        return (state, [])
    }

    func cycle(_ state: inout State, by step: Int) {
        guard !state.batches.isEmpty else { return }
        let index = state.batches.firstIndex(of: state.fields[2]).map { $0 + step } ?? 0
        state.fields[2] = state.batches[(index % state.batches.count + state.batches.count) % state.batches.count]
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .fed(_, _, let gate): gate ? .refusal : .success
        case .scrapped, .decided: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }
}
