import Foundation

/// A key as the terminal reports it, with when it came: printable text, or a named key
/// (`F2`, `Enter`, `Esc`, `Backspace`, …) as the keymap names them.
public enum KeyPress: Sendable, Equatable {
    case character(Character)
    case named(String)
}

/// What the kiosk reacts to after a scanner's burst has been told apart from typing.
public enum KeyInput: Sendable, Equatable {
    case key(KeyPress)
    case scan(String)
}

/// Tells a barcode scanner from a person (scales-and-scanners research §5): a scanner in
/// keyboard-wedge mode types its code faster than anyone and ends with Enter. A burst of at
/// least `minimumLength` printable characters, each within `maximumGap` of the last, ended by
/// Enter, is one scan, whichever field has focus. Over SSH timing is unreliable, so a burst
/// that starts with the configured prefix character is a scan whatever its pace.
public struct ScanDetector: Sendable {
    public var maximumGap: Duration
    public var minimumLength: Int
    public var prefix: Character?

    private var buffer: [Character] = []
    private var lastAt: ContinuousClock.Instant?
    private var prefixed = false

    public init(maximumGap: Duration = .milliseconds(30), minimumLength: Int = 3, prefix: Character? = nil) {
        self.maximumGap = maximumGap
        self.minimumLength = minimumLength
        self.prefix = prefix
    }

    /// Feeds one key; returns what it means now (possibly several inputs, when a held-back
    /// burst turns out to be typing).
    public mutating func feed(_ key: KeyPress, at time: ContinuousClock.Instant) -> [KeyInput] {
        var out: [KeyInput] = []
        let quick = lastAt.map { time - $0 <= maximumGap } ?? false
        lastAt = time
        switch key {
        case .character(let character):
            if buffer.isEmpty, !prefixed, character == prefix {
                prefixed = true
                return []
            }
            if !buffer.isEmpty, !quick, !prefixed { out += flush() }
            buffer.append(character)
            return out
        case .named("Enter"):
            if prefixed || (buffer.count >= minimumLength && quick) {
                let code = String(buffer)
                buffer = []
                prefixed = false
                return code.isEmpty ? [] : [.scan(code)]
            }
            return flush() + [.key(key)]
        case .named:
            return flush() + [.key(key)]
        }
    }

    /// Keys held back in case they were a scan; the terminal calls this when no key came for
    /// longer than `maximumGap`, so typed text appears promptly.
    public mutating func idle(at time: ContinuousClock.Instant) -> [KeyInput] {
        guard !prefixed, let lastAt, time - lastAt > maximumGap else { return [] }
        return flush()
    }

    private mutating func flush() -> [KeyInput] {
        defer { buffer = []; prefixed = false }
        return buffer.map { .key(.character($0)) }
    }
}
