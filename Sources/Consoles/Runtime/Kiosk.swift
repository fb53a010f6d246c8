/// A kiosk in the manner of Elm: all it knows is in `State`, `update` says what an event does
/// to it and which effects (service calls, logout) to run, and `view` draws it. The terminal
/// runtime owns nothing but the loop, so every screen and every key is testable as values.
public protocol Kiosk: Sendable {
    associatedtype State: Sendable
    associatedtype Event: Sendable
    associatedtype Effect: Sendable

    /// The event a key or a scan becomes.
    static func input(_ input: KeyInput) -> Event
    func update(_ state: State, _ event: Event) -> (State, [Effect])
    func view(_ state: State, width: Int, height: Int) -> Screen
}

/// The frame every kiosk shares: a title bar with the kiosk, the person and the language, a
/// banner line for outcomes, and the key bar at the bottom (like mc or htop).
public struct Chrome: Sendable {
    public let locales: Locales
    public let keymap: Keymap

    public init(locales: Locales, keymap: Keymap) {
        self.locales = locales
        self.keymap = keymap
    }

    public func frame(title: String, user: String?, width: Int, height: Int, actions: [KioskAction]) -> Screen {
        var screen = Screen(width: width, height: height)
        screen.fill(row: 0, style: .title)
        screen.put(" \(locales.text("app.title")) · \(title)", row: 0, style: .title)
        let right = "\(user ?? "") [\(locales.language.rawValue)] "
        screen.put(right, row: 0, column: width - right.count, style: .title)
        screen.fill(row: height - 1, style: .bar)
        var column = 0
        for action in actions {
            guard let key = keymap.key(for: action) else { continue }
            let label = "\(key) \(locales.text("action.\(action.rawValue)"))  "
            screen.put(label, row: height - 1, column: column, style: .bar)
            column += label.count
        }
        return screen
    }

    /// The one mapping of an error to a kiosk banner (the HTTP side has its own, once): the
    /// gate's or the code's heading, then what happened and the way out for its reason, all in
    /// the kiosk's language. A reason without words of its own gets its code's way out.
    public func banner(for failure: Failure) -> String {
        let head = failure.gate.map { locales.text("gate.\($0)") } ?? locales.text("error.\(failure.code)")
        let key = locales.has("reason.\(failure.reason)") ? "reason.\(failure.reason)" : "error.\(failure.code).next"
        return "\(head): \(locales.text(key, filling: failure.details))"
    }
}
