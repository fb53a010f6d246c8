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
    /// Characters already shown as typed turned out to be a scanner's: the kiosk takes them
    /// back out of the field they went to. Always comes right before the `.scan` they belong to.
    case retract(String)
}

/// Tells a barcode scanner from a person (scales-and-scanners research §5): a scanner in
/// keyboard-wedge mode types its code faster than anyone and ends with Enter. A burst of at
/// least `minimumLength` printable characters, each within `maximumGap` of the last, ended by
/// Enter, is one scan, whichever field has focus. Characters are passed on as typed the moment
/// they arrive (a person sees each key at once); when Enter shows they were a scan, they are
/// retracted and the scan follows. Over SSH timing is unreliable, so a burst that starts with
/// the configured prefix character is a scan whatever its pace (and is never echoed).
public struct ScanDetector: Sendable {
    public var maximumGap: Duration
    public var minimumLength: Int
    public var prefix: Character?

    /// The characters of the burst under way, already passed on as typed.
    private var burst: [Character] = []
    private var lastAt: ContinuousClock.Instant?
    /// After the prefix: the code so far, held back.
    private var prefixed: [Character]?

    public init(maximumGap: Duration = .milliseconds(30), minimumLength: Int = 3, prefix: Character? = nil) {
        self.maximumGap = maximumGap
        self.minimumLength = minimumLength
        self.prefix = prefix
    }

    /// Feeds one key; returns what it means now.
    public mutating func feed(_ key: KeyPress, at time: ContinuousClock.Instant) -> [KeyInput] {
        let quick = lastAt.map { time - $0 <= maximumGap } ?? false
        lastAt = time
        switch key {
        case .character(let character):
            if prefixed != nil {
                prefixed?.append(character)
                return []
            }
            if character == prefix, burst.isEmpty || !quick {
                prefixed = []
                burst = []
                return []
            }
            if !quick { burst = [] }
            burst.append(character)
            return [.key(key)]
        case .named("Enter"):
            defer { burst = []; prefixed = nil }
            if let code = prefixed {
                return code.isEmpty ? [] : [.scan(String(code))]
            }
            if quick, burst.count >= minimumLength {
                return [.retract(String(burst)), .scan(String(burst))]
            }
            return [.key(key)]
        case .named:
            // A function key ends any burst: what came before it was typing.
            let held = prefixed.map { $0.map { KeyInput.key(.character($0)) } } ?? []
            burst = []
            prefixed = nil
            return held + [.key(key)]
        }
    }
}

extension String {
    /// Takes back the characters of a retracted burst that this field accepted (a PIN field
    /// took only the digits), when they are what the field ends with.
    public mutating func retract(_ typed: String, accepted: (Character) -> Bool = { _ in true }) {
        let echoed = typed.filter(accepted)
        if !echoed.isEmpty, hasSuffix(echoed) { removeLast(echoed.count) }
    }
}

extension KeyInput {
    /// The name of a named key (F5, Enter, Esc…), nil for a character or a scan.
    public var named: String? {
        if case .key(.named(let name)) = self { return name }
        return nil
    }
}
