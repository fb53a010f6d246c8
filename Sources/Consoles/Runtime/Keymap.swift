import FactoryCore
import Foundation

/// What a key does at a kiosk. Feature code reacts to these, never to raw key codes.
public enum KioskAction: String, Sendable, CaseIterable {
    case help, weigh, approve, reject, partial, confirm, cancel
    case nextField = "next_field"
    case previousField = "previous_field"
    case printLabel = "print_label"
    case weighOut = "weigh_out"
    case dispose, list
    case nothingLeft = "nothing_left"
    case switchLanguage = "switch_language"
    case logout
    /// The packing station's Auto/Manual length switch (spec §17.4).
    case manualLength = "manual_length"
    /// A supervisor's session: pause or resume the line, close on the balance, ask a re-open,
    /// drill into the facts behind the balance.
    case pauseResume = "pause_resume"
    case closeSession = "close_session"
    case reopen, investigate
    /// The shop head feeds material into a session and weighs the line's scrap containers.
    case feed
    case weighScrap = "weigh_scrap"
    /// The shop head's open gates and held rolls, from the board.
    case gates
    /// The shop head asks for another published recipe version on a running session.
    case recipeChange = "recipe_change"
    /// The technologist's recipes: open them from the gates, publish a draft.
    case recipes, publish
    /// Enter on a form that is kept, not signed: a recipe's draft.
    case save
    /// Esc on a page that leaves rather than cancels: a session's card back to the board.
    case back
    /// The finance console: a KPI or payroll snapshot generated from the facts, and exported.
    case generate, export
    /// Tab on a console of pages side by side (finance: shifts, payroll).
    case nextPage = "next_page"
    /// The integrator's Bitrix24 console: pull now, retry an item now, read the queue again.
    case pull, retry, refresh
}

/// The keys a kiosk understands, read from a `keymaps/*.keymap` file so a plant can move an
/// action to another key without a new build.
public struct Keymap: Sendable, Equatable {
    /// Non-printable keys only: a barcode scanner types printable characters and Enter.
    public static let knownKeys: Set<String> = Set((1...12).map { "F\($0)" })
        .union(["Enter", "Esc", "Tab", "Shift-Tab", "Up", "Down", "PageUp", "PageDown"])

    /// Per key, its actions: one, or several that no kiosk offers together (`F3 = weigh_out |
    /// manual_length`: the grinder weighs out, the packer switches the length), so that twelve
    /// function keys serve every kiosk.
    public let bindings: [String: [KioskAction]]

    /// The key's action; for a key with several, the one this kiosk offers (`offered`).
    public func action(for key: String, offered: [KioskAction]? = nil) -> KioskAction? {
        guard let actions = bindings[key] else { return nil }
        guard actions.count > 1, let offered else { return actions.first }
        return actions.first { offered.contains($0) } ?? actions.first
    }

    public func key(for action: KioskAction) -> String? {
        bindings.filter { $0.value.contains(action) }.keys.sorted().first
    }

    public init(parsing text: String, name: String = "keymap") throws {
        var bindings: [String: [KioskAction]] = [:]
        var bound: Set<KioskAction> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard !line.isEmpty else { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let place = "\(name):\(index + 1)"
            guard parts.count == 2 else {
                throw FactoryError.validation(field: "keymap", reason: "bad_keymap", "\(place): expected 'KEY = action', got '\(line)'")
            }
            guard Self.knownKeys.contains(parts[0]) else {
                throw FactoryError.validation(field: "keymap", reason: "bad_keymap",
                                              "\(place): '\(parts[0])' is not a kiosk key (printable keys belong to the scanner)")
            }
            var actions: [KioskAction] = []
            for word in parts[1].split(separator: "|").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let action = KioskAction(rawValue: word) else {
                    throw FactoryError.validation(field: "keymap", reason: "bad_keymap",
                                                  "\(place): unknown action '\(word)' (known: \(KioskAction.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard bound.insert(action).inserted else {
                    throw FactoryError.validation(field: "keymap", reason: "bad_keymap", "\(place): '\(word)' is bound to a second key")
                }
                actions.append(action)
            }
            guard bindings[parts[0]] == nil else {
                throw FactoryError.validation(field: "keymap", reason: "bad_keymap", "\(place): '\(parts[0])' is bound twice")
            }
            bindings[parts[0]] = actions
        }
        self.bindings = bindings
    }
}
