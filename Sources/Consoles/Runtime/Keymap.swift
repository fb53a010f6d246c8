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
}

/// The keys a kiosk understands, read from a `keymaps/*.keymap` file so a plant can move an
/// action to another key without a new build.
public struct Keymap: Sendable, Equatable {
    /// Non-printable keys only: a barcode scanner types printable characters and Enter.
    public static let knownKeys: Set<String> = Set((1...12).map { "F\($0)" })
        .union(["Enter", "Esc", "Tab", "Shift-Tab", "Up", "Down", "PageUp", "PageDown"])

    public let bindings: [String: KioskAction]

    public func action(for key: String) -> KioskAction? { bindings[key] }

    public func key(for action: KioskAction) -> String? {
        bindings.filter { $0.value == action }.keys.sorted().first
    }

    public init(parsing text: String, name: String = "keymap") throws {
        var bindings: [String: KioskAction] = [:]
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
            guard let action = KioskAction(rawValue: parts[1]) else {
                throw FactoryError.validation(field: "keymap", reason: "bad_keymap",
                                              "\(place): unknown action '\(parts[1])' (known: \(KioskAction.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard bindings[parts[0]] == nil else {
                throw FactoryError.validation(field: "keymap", reason: "bad_keymap", "\(place): '\(parts[0])' is bound twice")
            }
            bindings[parts[0]] = action
        }
        self.bindings = bindings
    }
}
