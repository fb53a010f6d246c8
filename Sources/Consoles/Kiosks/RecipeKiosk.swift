import FactoryCore
import Foundation

/// The technologist's recipes (DECISIONS B16): the SKUs with their published version and draft;
/// Enter opens one to edit, starting from its draft or a copy of its newest published version.
/// The arrows move between the VT limit, the shares and a new material's row; Enter saves the
/// draft (a share left empty drops its line), F5 publishes it signed by the PIN, refused with
/// what to mend (the shares' sum, the VT share over the limit). Esc goes back.
public struct RecipeKiosk: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) {
        self.chrome = chrome
    }

    /// An SKU's line on the list: its newest published version and its draft, if any.
    public struct Summary: Sendable, Equatable {
        public let sku: String
        public let published: Int64?
        public let draft: Int64?

        public init(sku: String, published: Int64?, draft: Int64?) { (self.sku, self.published, self.draft) = (sku, published, draft) }
    }

    /// A line being edited: the material, its component type, the share as typed.
    public struct Row: Sendable, Equatable {
        public var material: String
        public var component: ComponentType?
        public var share: String

        public init(material: String, component: ComponentType?, share: String) {
            (self.material, self.component, self.share) = (material, component, share)
        }
    }

    /// The recipe being edited.
    public struct Editing: Sendable, Equatable {
        public var sku: String
        /// The draft's version, or nil before it is first saved.
        public var draft: Int64?
        public var published: Int64?
        public var vtLimit: String
        public var rows: [Row]
        /// 0 the VT limit, then each row, then the new material's row.
        public var focus = 0
        public var newMaterial = ""

        public init(sku: String, draft: Int64?, published: Int64?, vtLimit: String, rows: [Row]) {
            (self.sku, self.draft, self.published, self.vtLimit, self.rows) = (sku, draft, published, vtLimit, rows)
        }

        /// Starts from the draft, else a copy of the newest published version, else nothing.
        public init(sku: String, recipes: [Recipe]) {
            let draft = recipes.first { $0.status == .draft }
            let published = recipes.first { $0.status == .published }
            let from = draft ?? published
            self.init(sku: sku, draft: draft?.version, published: published?.version,
                      vtLimit: from?.vtLimit.map(PercentText.limit) ?? "",
                      rows: from?.lines.map { Row(material: $0.material, component: $0.component, ratio: $0.ratio) } ?? [])
        }

        var newRow: Int { rows.count + 1 }
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case saved(Int64)
        case published(Int64)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var skus: [Summary] = []
        public var selected = 0
        public var editing: Editing?
        public var prompt: SignPrompt?
        public var outcome = Outcome.none
        public var notice: Notice?
        public var busy = false

        public init(user: String) { self.user = user }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case skus([Summary])
        case recipes(sku: String, [Recipe])
        case saved(Recipe)
        case published(Recipe)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case load
        case open(sku: String)
        case save(sku: String, vtLimit: String, rows: [Row])
        case publish(sku: String, pin: String)
        case back
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    func actions(_ state: State) -> [KioskAction] {
        if state.prompt != nil { return [.confirm, .cancel, .switchLanguage, .logout] }
        return state.editing == nil ? [.help, .confirm, .cancel, .switchLanguage, .logout]
            : [.help, .save, .publish, .cancel, .switchLanguage, .logout]
    }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .skus(let skus):
            state.skus = skus
            state.selected = min(state.selected, max(0, skus.count - 1))
        case .recipes(let sku, let recipes):
            state.busy = false
            state.editing = Editing(sku: sku, recipes: recipes)
            state.outcome = .none
        case .saved(let recipe):
            state.busy = false
            state.editing?.draft = recipe.version
            state.outcome = .saved(recipe.version)
            return (state, [.load])
        case .published(let recipe):
            state.busy = false
            state.editing = nil
            state.outcome = .published(recipe.version)
            return (state, [.load])
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
        if action == .logout { return (state, [.logout]) }
        if action == .switchLanguage { return (state, [.switchLanguage]) }
        if state.prompt != nil, let editing = state.editing {
            if action == .cancel { state.prompt = nil; return (state, []) }
            if case .signed(_, let pin)? = state.prompt?.take(input, action: action) {
                state.prompt = nil
                state.busy = true
                return (state, [.publish(sku: editing.sku, pin: pin)])
            }
            return (state, [])
        }
        guard var editing = state.editing else { return list(input, action, state) }
        switch input {
        case .scan:
            state.notice = Notice("kiosk.recipe.type_only")
        case .retract(let typed):
            edit(&editing) { $0.retract(typed) }
        case .key(.character(let character)):
            if editing.focus == editing.newRow {
                if editing.newMaterial.count < 24 { editing.newMaterial.append(character) }
            } else if TypedKilograms.accepts(character) {
                edit(&editing) { if $0.count < 7 { $0.append(character) } }
            }
        case .key(.named("Backspace")):
            edit(&editing) { _ = $0.popLast() }
        case .key(.named(let name)):
            switch (name, action) {
            case ("Up", _): editing.focus = max(0, editing.focus - 1)
            case ("Down", _): editing.focus = min(editing.newRow, editing.focus + 1)
            case (_, .save) where editing.focus == editing.newRow:
                let code = editing.newMaterial.trimmingCharacters(in: .whitespaces).uppercased()
                guard !code.isEmpty else { state.notice = Notice("kiosk.recipe.type_material"); break }
                editing.rows.append(Row(material: code, component: nil, share: ""))
                editing.newMaterial = ""
                editing.focus = editing.rows.count
            case (_, .save):
                state.busy = true
                state.outcome = .none
                state.editing = editing
                return (state, [.save(sku: editing.sku, vtLimit: editing.vtLimit, rows: editing.rows.filter { !$0.share.isEmpty })])
            case (_, .publish):
                guard editing.draft != nil else { state.notice = Notice("kiosk.recipe.save_first"); break }
                state.prompt = SignPrompt(needsNote: false)
                state.outcome = .none
            case (_, .cancel):
                state.editing = nil
                state.outcome = .none
                return (state, [])
            case (_, .help): state.notice = .help("recipe")
            default: state.notice = Notice("kiosk.recipe.keys")
            }
        }
        state.editing = editing
        return (state, [])
    }

    /// The typed text of the focused field: the VT limit or a share.
    func edit(_ editing: inout Editing, _ change: (inout String) -> Void) {
        switch editing.focus {
        case 0: change(&editing.vtLimit)
        case editing.newRow: change(&editing.newMaterial)
        default: change(&editing.rows[editing.focus - 1].share)
        }
    }

    func list(_ input: KeyInput, _ action: KioskAction?, _ state: State) -> (State, [Effect]) {
        var state = state
        switch (input.named, action) {
        case ("Up", _): state.selected = max(0, state.selected - 1)
        case ("Down", _): state.selected = min(max(0, state.skus.count - 1), state.selected + 1)
        case (_, .confirm):
            guard state.skus.indices.contains(state.selected) else { state.notice = Notice("kiosk.board.nothing_here"); break }
            state.busy = true
            return (state, [.open(sku: state.skus[state.selected].sku)])
        case (_, .cancel): return (state, [.back])
        case (_, .help): state.notice = .help("recipes")
        case (nil, _): state.notice = Notice("kiosk.recipe.choose_first")
        default: state.notice = Notice("kiosk.recipe.list_keys")
        }
        return (state, [])
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .saved, .published: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }
}

extension RecipeKiosk.Row {
    init(material: String, component: ComponentType, ratio: Percent?) {
        self.init(material: material, component: component, share: ratio.map(PercentText.limit) ?? "")
    }
}
