import FactoryCore

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
    /// Whether an event that is not a key still shows someone at work (a load put on or taken
    /// off the station's scale): it keeps the kiosk from signing out for idleness.
    func isPresence(_ event: Event, in state: State) -> Bool
    /// What the worker hears when this event is an answer: a success, a refusal, or nothing.
    func feedback(_ event: Event) -> Feedback?
}

extension Kiosk {
    public func isPresence(_ event: Event, in state: State) -> Bool { false }
    public func feedback(_ event: Event) -> Feedback? { nil }
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
        let bars = keyBars(actions, width: width)
        for (offset, bar) in bars.enumerated() {
            screen.fill(row: height - bars.count + offset, style: .bar)
            screen.put(bar, row: height - bars.count + offset, style: .bar)
        }
        return screen
    }

    /// The key bar on one row, or on two when even its short words do not fit (a supervisor's
    /// card with every key): the second row ends with sign-out, as every bar does.
    public func keyBars(_ actions: [KioskAction], width: Int) -> [String] {
        let one = keyBar(actions, width: width)
        guard one.count > width, actions.count > 1 else { return [one] }
        let half = (actions.count + 1) / 2
        return [keyBar(Array(actions.prefix(half)), width: width), keyBar(Array(actions.dropFirst(half)), width: width)]
    }

    /// The key bar, whole in every language: two spaces between keys where they fit, else
    /// one, else the short words an action has (`action.print_label.short`).
    public func keyBar(_ actions: [KioskAction], width: Int) -> String {
        let bound = actions.compactMap { action in keymap.key(for: action).map { (key: $0, action: action) } }
        func bar(short: Bool, gap: String) -> String {
            bound.map { key, action in
                let word = short && locales.has("action.\(action.rawValue).short") ? "action.\(action.rawValue).short" : "action.\(action.rawValue)"
                return "\(key) \(locales.text(word))"
            }.joined(separator: gap)
        }
        let choices = [bar(short: false, gap: "  "), bar(short: false, gap: " "), bar(short: true, gap: "  "), bar(short: true, gap: " ")]
        return choices.first { $0.count <= width } ?? choices[choices.count - 1]
    }

    /// The one mapping of an error to a kiosk banner (the HTTP side has its own, once): the
    /// gate's or the code's heading, then what happened and the way out for its reason, all in
    /// the kiosk's language. A reason without words of its own gets its code's way out.
    public func banner(for failure: Failure) -> String {
        let head = failure.isInformation ? locales.text("error.information")
            : failure.gate.map { locales.text("gate.\($0)") } ?? locales.text("error.\(failure.code)")
        let key = locales.has("reason.\(failure.reason)") ? "reason.\(failure.reason)" : "error.\(failure.code).next"
        return "\(head): \(locales.text(key, filling: failure.details))"
    }

    /// A refusal as its banner line shows it: the mark and the colour say failure or, for a
    /// repeat of something already done, information.
    public func refusal(_ failure: Failure) -> (text: String, style: Screen.Style) {
        (" \(failure.isInformation ? "i" : "✘") " + banner(for: failure), failure.isInformation ? .info : .bad)
    }
}
