import FactoryCore
import Foundation

/// A decision being signed at a supervisor's console: the note it asks for (a reason, a
/// release note), then the PIN typed again. The kiosk owns what the decision is; this owns
/// only the typing, so that every console signs the same way.
public struct SignPrompt: Sendable, Equatable {
    public enum Stage: Sendable, Equatable { case note, pin }

    public var stage: Stage
    public var note = ""
    public var pin = ""

    public init(needsNote: Bool) { stage = needsNote ? .note : .pin }

    public enum Step: Sendable, Equatable {
        case typing
        /// Enter on an empty note: the decision needs words.
        case noteNeeded
        case signed(note: String, pin: String)
    }

    public static let noteLength = 80

    /// A key while signing; Enter moves from the note to the PIN, then signs.
    public mutating func take(_ input: KeyInput, action: KioskAction?) -> Step {
        switch input {
        case .retract(let typed):
            if stage == .pin { pin.retract(typed, accepted: \.isNumber) } else { note.retract(typed) }
        case .scan:
            break
        case .key(.character(let character)):
            if stage == .pin {
                if character.isNumber, pin.count < 8 { pin.append(character) }
            } else if note.count < Self.noteLength {
                note.append(character)
            }
        case .key(.named("Backspace")):
            if stage == .pin { _ = pin.popLast() } else { _ = note.popLast() }
        case .key(.named):
            guard action == .confirm else { break }
            if stage == .note {
                guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { return .noteNeeded }
                stage = .pin
            } else if !pin.isEmpty {
                return .signed(note: note, pin: pin)
            }
        }
        return .typing
    }
}

extension Chrome {
    /// The prompt in two rows from `row`: what is being signed, then the field being typed.
    public func draw(_ prompt: SignPrompt, heading: String, noteLabel: String, on screen: inout Screen, row: Int) {
        screen.fill(row: row, style: .warn)
        screen.put(" \(heading)", row: row, style: .warn)
        let label = "   " + (prompt.stage == .note ? noteLabel : locales.text("kiosk.otk.sign_pin")) + ": "
        let typed = prompt.stage == .note ? prompt.note : String(repeating: "•", count: prompt.pin.count)
        screen.put(label, row: row + 1)
        screen.put(typed.padding(toLength: max(8, typed.count), withPad: " ", startingAt: 0), row: row + 1, column: label.count, style: .input)
        screen.cursor = (row + 1, label.count + typed.count)
    }
}
