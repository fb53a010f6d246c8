import Foundation

/// Which symbols the terminal's font can draw. Kiosks draw one Screen with the product's
/// symbols; the terminal swaps the ones its font lacks just before drawing, so that a Linux
/// console (whose fonts carry blocks, box lines and Cyrillic but no ✔ or ⎙) shows `+` and `#`
/// instead of empty boxes.
public enum Glyphs: String, Sendable, CaseIterable {
    /// A terminal emulator with a full Unicode font: everything as drawn.
    case unicode
    /// The Linux console: blocks, shades, box lines and letters stay; pictographs go.
    case console
    /// Not even UTF-8: plain ASCII, letters outside it kept for the terminal to try.
    case ascii

    static let pictographs: [Character: Character] = [
        "✔": "+", "✘": "x", "⎙": "#", "⧖": "~", "▶": ">", "•": "*", "≤": "<", "…": ".", "→": ">", "Δ": "d", "−": "-",
    ]
    static let blocks: [Character: Character] = [
        "█": "#", "▒": "+", "░": ".", "▀": "\"", "▄": ",", "│": "|", "·": ".", "‘": "'",
    ]

    /// The choice for this terminal: `FACTORY_GLYPHS` when set, the console on `TERM=linux`,
    /// ASCII when the locale is not UTF-8.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment, utf8: Bool) -> Glyphs {
        if let chosen = environment["FACTORY_GLYPHS"].flatMap(Glyphs.init(rawValue:)) { return chosen }
        if !utf8 { return .ascii }
        return environment["TERM"] == "linux" ? .console : .unicode
    }

    /// The screen with every symbol this terminal lacks replaced, one cell for one cell.
    public func apply(_ screen: Screen) -> Screen {
        guard self != .unicode else { return screen }
        var copy = screen
        copy.replaceCharacters { character in
            Self.pictographs[character] ?? (self == .ascii ? Self.blocks[character] : nil) ?? character
        }
        return copy
    }
}
