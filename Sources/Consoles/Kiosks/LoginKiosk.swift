import FactoryCore
import Foundation

/// Signing in at a kiosk: a badge scan fills the username (whichever field has focus), the
/// PIN is typed and never shown. Which kiosk the person may open is decided by the runner
/// with the permission matrix once the PIN is checked.
public struct LoginKiosk: Kiosk {
    public let chrome: Chrome
    public let kioskTitle: String

    public init(chrome: Chrome, kioskTitle: String) {
        self.chrome = chrome
        self.kioskTitle = kioskTitle
    }

    public enum Field: Sendable, Equatable { case username, pin }

    public struct State: Sendable, Equatable {
        public var username = ""
        public var pin = ""
        public var focus = Field.username
        public var message: String?
        public var busy = false

        public init() {}
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case refused(String)
    }

    public enum Effect: Sendable, Equatable {
        case signIn(username: String, pin: String)
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        switch event {
        case .input(.scan(let badge)) where QRCode(scanned: badge) != nil:
            // A roll's label scanned at the sign-in screen (after an idle sign-out) is not a
            // badge: it must not become a username to type a PIN against.
            state.message = chrome.locales.text("login.not_a_badge")
        case .input(.scan(let badge)):
            state.username = badge.trimmingCharacters(in: .whitespaces)
            state.pin = ""
            state.focus = .pin
            state.message = nil
        case .input(.retract(let typed)):
            if state.focus == .username { state.username.retract(typed) } else { state.pin.retract(typed, accepted: \.isNumber) }
        case .input(.key(.character(let character))):
            if state.focus == .username { state.username.append(character) } else if character.isNumber { state.pin.append(character) }
        case .input(.key(.named("Backspace"))):
            if state.focus == .username, !state.username.isEmpty { state.username.removeLast() }
            if state.focus == .pin, !state.pin.isEmpty { state.pin.removeLast() }
        case .input(.key(.named(let name))):
            switch chrome.keymap.action(for: name) {
            case .nextField, .previousField: state.focus = state.focus == .username ? .pin : .username
            case .confirm where state.focus == .username && !state.username.isEmpty: state.focus = .pin
            case .confirm where state.focus == .pin && !state.username.isEmpty && !state.pin.isEmpty:
                state.busy = true
                state.message = nil
                let effect = Effect.signIn(username: state.username, pin: state.pin)
                state.pin = ""
                return (state, [effect])
            case .cancel: state = State()
            case .help: state.message = chrome.locales.text("login.help")
            case .switchLanguage: return (state, [.switchLanguage])
            default: break
            }
        case .refused(let message):
            state.busy = false
            state.message = message
            state.pin = ""
            state.focus = .pin
        }
        return (state, [])
    }

    public func feedback(_ event: Event) -> Feedback? {
        if case .refused = event { return .refusal }
        return nil
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: "\(kioskTitle) · \(words.text("login.title"))", user: nil, width: width, height: height,
                                  actions: [.confirm, .nextField, .cancel, .switchLanguage])
        screen.put(words.text("login.hint"), row: 3, column: 4, style: .dim)
        let userLabel = words.text("login.username") + ": ", pinLabel = words.text("login.pin") + ": "
        let labelWidth = max(userLabel.count, pinLabel.count)
        screen.put(userLabel, row: 5, column: 4)
        screen.put(state.username.padding(toLength: 24, withPad: " ", startingAt: 0), row: 5, column: 4 + labelWidth, style: .input)
        screen.put(pinLabel, row: 7, column: 4)
        screen.put(String(repeating: "•", count: state.pin.count).padding(toLength: 8, withPad: " ", startingAt: 0),
                   row: 7, column: 4 + labelWidth, style: .input)
        screen.cursor = state.focus == .username ? (5, 4 + labelWidth + state.username.count) : (7, 4 + labelWidth + state.pin.count)
        if let message = state.message {
            screen.banner(" ✘ " + message, row: 9, rows: 3, style: .bad)
        }
        return screen
    }
}
