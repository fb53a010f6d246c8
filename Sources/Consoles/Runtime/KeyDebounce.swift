/// One press of an action key is one action. A worker's finger that lingers, a worn key that
/// bounces, or an impatient second tap while the screen still says "wait…" would otherwise
/// pack two rolls or weigh the same load twice and turn a success red. An action key (F1–F12,
/// Enter) that comes again within `window` of itself is dropped; navigation and typing are
/// never dropped, so holding ↓ still scrolls.
public struct KeyDebounce: Sendable {
    public var window: Duration
    private var last: (key: KeyPress, at: ContinuousClock.Instant)?

    public init(window: Duration = .milliseconds(250)) {
        self.window = window
    }

    /// Whether `key`, pressed at `time`, is a press of its own.
    public mutating func accepts(_ key: KeyPress, at time: ContinuousClock.Instant) -> Bool {
        defer { last = (key, time) }
        guard case .named(let name) = key, name == "Enter" || (name.hasPrefix("F") && Int(name.dropFirst()) != nil) else { return true }
        guard let last, last.key == key else { return true }
        return time - last.at > window
    }
}
