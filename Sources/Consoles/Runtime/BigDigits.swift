/// Large digits for the live weight, five rows high, readable from the packing table; twice as
/// large where the terminal has room (132×43 and up).
public enum BigDigits {
    static let font: [Character: [String]] = [
        "0": ["█████", "█   █", "█   █", "█   █", "█████"],
        "1": ["   █ ", "  ██ ", "   █ ", "   █ ", "  ███"],
        "2": ["█████", "    █", "█████", "█    ", "█████"],
        "3": ["█████", "    █", " ████", "    █", "█████"],
        "4": ["█   █", "█   █", "█████", "    █", "    █"],
        "5": ["█████", "█    ", "█████", "    █", "█████"],
        "6": ["█████", "█    ", "█████", "█   █", "█████"],
        "7": ["█████", "    █", "   █ ", "  █  ", "  █  "],
        "8": ["█████", "█   █", "█████", "█   █", "█████"],
        "9": ["█████", "█   █", "█████", "    █", "█████"],
        ".": ["  ", "  ", "  ", "  ", "██"],
        "-": ["     ", "     ", "█████", "     ", "     "],
        " ": ["  ", "  ", "  ", "  ", "  "],
    ]

    public static let height = 5

    /// The rows of `text` (digits, point, minus, space), one blank column between glyphs, each
    /// cell repeated `scale` times across and down, and drawn with `ink` (a full block for a
    /// settled weight; a shaded one tells a settling weight apart without colour).
    public static func render(_ text: String, scale: Int = 1, ink: Character = "█") -> [String] {
        (0..<height).flatMap { row -> [String] in
            let line = text.map { font[$0]?[row] ?? "     " }.joined(separator: " ")
            let wide = String(line.flatMap { character in repeatElement(character == "█" ? ink : character, count: scale) })
            return Array(repeating: wide, count: scale)
        }
    }
}
