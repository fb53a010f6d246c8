import FactoryCore
import Foundation

/// The shop head's approvals inbox (spec §18): what waits for this person's step, newest first,
/// with the facts to decide it; F5 approves, F6 rejects, each asks a reason and is signed by
/// re-entering the PIN. A refusal (someone else decided first, the order of steps) says the way out.
public struct InboxKiosk: Kiosk {
    public let chrome: Chrome
    /// Whose inbox: the shop head's, the technologist's, the director's.
    public let station: Station

    public init(chrome: Chrome, station: Station = .shophead) {
        self.chrome = chrome
        self.station = station
    }

    public struct Item: Sendable, Equatable {

        public let id: String
        public let type: ApprovalType
        /// "2/3" for a re-open's second step.
        public let step: String
        /// What it is about: a package's label, or the object's id after its kind (`objectType`).
        public let about: String
        public let objectType: String?
        /// A package's weight and length, in kg and m.
        public let weight: String?
        public let length: String?
        public let requestedBy: String
        public let reason: String?
        /// A session's balance, for a re-open.
        public let balance: MassBalance?
        /// A live recipe change: the version the session runs and the one asked.
        public let recipe: RecipeChange?
        /// What the audit log says of the session, for a re-open: oldest first.
        public let trail: [TrailLine]
        /// A package's norm for its length and its signed deviation ("−3.0"), and the SKU's
        /// tolerance: what a tolerance review is decided on.
        public let norm: String?
        public let deviation: String?
        public let tolerance: String?

        public struct RecipeChange: Sendable, Equatable {
            public let from: Int64
            public let to: Int64

            public init(from: Int64, to: Int64) { (self.from, self.to) = (from, to) }
        }

        public struct TrailLine: Sendable, Equatable {
            /// "11-25 08:14", plant time.
            public let time: String
            public let who: String
            /// The audit action, said in the screen's words (`audit.action.*`).
            public let action: String

            public init(time: String, who: String, action: String) { (self.time, self.who, self.action) = (time, who, action) }
        }

        public init(id: String, type: ApprovalType, step: String = "", about: String, objectType: String? = nil, weight: String? = nil,
                    length: String? = nil, requestedBy: String, reason: String?, balance: MassBalance? = nil,
                    recipe: RecipeChange? = nil, trail: [TrailLine] = [], norm: String? = nil, deviation: String? = nil, tolerance: String? = nil) {
            self.balance = balance
            (self.recipe, self.trail) = (recipe, trail)
            (self.norm, self.deviation, self.tolerance) = (norm, deviation, tolerance)
            (self.id, self.type, self.step, self.about, self.weight, self.length) = (id, type, step, about, weight, length)
            self.objectType = objectType
            (self.requestedBy, self.reason) = (requestedBy, reason)
        }
    }

    public enum Stage: Sendable, Equatable { case reason, pin }

    public enum Outcome: Sendable, Equatable {
        case none
        case decided(about: String, approved: Bool)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var items: [Item] = []
        public var selected = 0
        /// The decision being signed, if any.
        public var deciding: Bool?
        public var stage = Stage.reason
        public var reason = ""
        public var pin = ""
        public var outcome = Outcome.none
        public var busy = false
        public var notice: Notice?

        public init(user: String) { self.user = user }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case items([Item])
        case decided(about: String, approved: Bool)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case load
        case decide(approvalID: String, approve: Bool, reason: String, pin: String)
        case logout
        case switchLanguage
        /// Back to the console's first page.
        case home
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .items(let items):
            state.items = items
            state.selected = min(state.selected, max(0, items.count - 1))
        case .decided(let about, let approved):
            state.busy = false
            state.outcome = .decided(about: about, approved: approved)
            return (state, [.load])
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
            return (state, [.load])
        case .input(.scan):
            state.notice = Notice("kiosk.notice.scan_not_used_inbox")
        case .input(.retract(let typed)):
            if state.stage == .pin { state.pin.retract(typed, accepted: \.isNumber) } else { state.reason.retract(typed) }
        case .input(.key(.character(let character))):
            guard state.deciding != nil else { break }
            if state.stage == .pin {
                if character.isNumber, state.pin.count < 8 { state.pin.append(character) }
            } else if state.reason.count < 80 {
                state.reason.append(character)
            }
        case .input(.key(.named("Backspace"))):
            if state.stage == .pin { _ = state.pin.popLast() } else { _ = state.reason.popLast() }
        case .input(.key(.named(let name))):
            guard !state.busy else { break }
            switch (name, chrome.keymap.action(for: name)) {
            case ("Up", _) where state.deciding == nil: state.selected = max(0, state.selected - 1)
            case ("Down", _) where state.deciding == nil: state.selected = min(max(0, state.items.count - 1), state.selected + 1)
            case (_, .approve), (_, .reject):
                guard state.deciding == nil else { break }
                guard state.items.indices.contains(state.selected) else {
                    state.notice = Notice("kiosk.inbox.nothing_to_decide")
                    break
                }
                state.deciding = chrome.keymap.action(for: name) == .approve
                state.stage = .reason
                state.reason = ""
                state.pin = ""
                state.outcome = .none
            case (_, .confirm):
                guard let approve = state.deciding, state.items.indices.contains(state.selected) else { break }
                switch state.stage {
                case .reason:
                    guard !state.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                        state.notice = Notice("kiosk.inbox.reason_needed")
                        break
                    }
                    state.stage = .pin
                case .pin:
                    guard !state.pin.isEmpty else { break }
                    let effect = Effect.decide(approvalID: state.items[state.selected].id, approve: approve, reason: state.reason, pin: state.pin)
                    state.deciding = nil
                    state.pin = ""
                    state.busy = true
                    return (state, [effect])
                }
            case (_, .cancel):
                state.deciding = nil
                state.reason = ""
                state.pin = ""
            case (_, .list): return (state, [.home])
            case (_, .help): state.notice = .help("inbox")
            case (_, .logout): return (state, [.logout])
            case (_, .switchLanguage): return (state, [.switchLanguage])
            default: break
            }
        }
        return (state, [])
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .decided: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.\(station.rawValue).title"), user: state.user, width: width, height: height,
                                  actions: [.approve, .reject, .cancel, .list, .switchLanguage, .logout])
        screen.put("\(words.text("kiosk.inbox.header")) (\(state.items.count))", row: 2, column: 2, style: .dim)
        if state.items.isEmpty { screen.put(words.text("kiosk.inbox.empty"), row: 3, column: 4, style: .dim) }
        let bottom = height - 8
        let trail = state.items.indices.contains(state.selected) ? state.items[state.selected].trail : []
        // A re-open is decided on the session's trail too: the list gives it the lower rows.
        let rows = trail.isEmpty ? max(1, height - 12) : max(1, min(state.items.count, 4))
        let first = max(0, state.selected - rows + 1)
        for (offset, item) in state.items.dropFirst(first).prefix(rows).enumerated() {
            let index = first + offset
            let chosen = index == state.selected
            let what = [words.text("approval.type.\(item.type.rawValue)"), item.step].filter { !$0.isEmpty }.joined(separator: " ")
            let line = [what, describe(item), item.requestedBy].joined(separator: " · ")
            screen.put((chosen ? "▶ " : "  ") + line, row: 3 + offset, column: 2, style: chosen ? .input : .normal)
        }
        if !trail.isEmpty {
            var top = 3 + rows
            if let balance = state.items[state.selected].balance {
                let figures = ["input": balance.input, "good": balance.good, "wip": balance.wip, "rework": balance.reworkInLinked,
                               "disposed": balance.disposedLinked, "outstanding": balance.outstanding].mapValues(\.decimalText)
                let line = "  " + words.text("kiosk.inbox.full_balance", filling: figures)
                let used = line.count > width ? 2 : 1
                screen.banner(line, row: top, rows: used, style: .normal)
                top += used
            }
            screen.put(words.text("kiosk.inbox.trail"), row: top, column: 2, style: .dim)
            let room = max(0, bottom - top - 1)
            for (offset, line) in trail.suffix(room).enumerated() {
                let action = words.has("audit.action.\(line.action)") ? words.text("audit.action.\(line.action)") : words.text("audit.action.other")
                screen.put(String("  \(line.time)  \(line.who)  \(action)".prefix(width - 3)), row: top + 1 + offset, column: 2)
            }
        }
        if state.items.indices.contains(state.selected) {
            // The reason it was asked, and for a re-open the session's balance it is decided on.
            let item = state.items[state.selected]
            let balance = item.balance.map {
                words.text("kiosk.inbox.balance", filling: ["input": $0.input.decimalText, "delta": $0.delta.decimalText, "limit": $0.limit.decimalText])
            }
            let norm = item.norm.map { norm in
                words.text("kiosk.inbox.norm", filling: ["norm": norm, "deviation": item.deviation ?? "", "tolerance": item.tolerance ?? "—"])
            }
            let why = [item.reason.map { "\(words.text("kiosk.inbox.why")): \($0)" }, norm, balance].compactMap { $0 }.joined(separator: " · ")
            if !why.isEmpty { screen.banner(" " + why, row: bottom, rows: 2, style: .dim) }
        }
        if let approve = state.deciding {
            let head = words.text(approve ? "kiosk.inbox.approving" : "kiosk.inbox.rejecting")
            screen.fill(row: bottom + 2, style: .warn)
            screen.put(" \(head): \(state.items.indices.contains(state.selected) ? describe(state.items[state.selected]) : "")", row: bottom + 2, style: .warn)
            let label = "   " + words.text(state.stage == .reason ? "kiosk.inbox.reason" : "kiosk.otk.sign_pin") + ": "
            let typed = state.stage == .reason ? state.reason : String(repeating: "•", count: state.pin.count)
            screen.put(label, row: bottom + 3)
            screen.put(typed.padding(toLength: max(8, typed.count), withPad: " ", startingAt: 0), row: bottom + 3, column: label.count, style: .input)
            screen.cursor = (bottom + 3, label.count + typed.count)
        }
        switch state.outcome {
        case .none: break
        case .decided(let about, let approved):
            screen.banner(" ✔ \(words.text(approved ? "kiosk.inbox.approved" : "kiosk.inbox.rejected")): \(about)", row: bottom + 4, style: .good)
        case .refused(let failure):
            let refusal = chrome.refusal(failure)
            screen.banner(refusal.text, row: bottom + 4, rows: 3, style: refusal.style)
        }
        chrome.drawBusy(state.busy, on: &screen)
        chrome.draw(state.notice, on: &screen, row: bottom + 4)
        return screen
    }

    /// "FG-… 30.900 kg 250.000 m" in the kiosk's units.
    func describe(_ item: Item) -> String {
        let words = chrome.locales
        let kind = item.objectType.map { words.text("object.\($0)") }
        let recipe = item.recipe.map { words.text("kiosk.inbox.recipe", filling: ["from": String($0.from), "to": String($0.to)]) }
        return ([kind, item.about, item.weight.map(words.kg), item.length.map(words.m), recipe].compactMap { $0 }).joined(separator: " ")
    }
}
