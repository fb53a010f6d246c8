/// Large digits for the live weight, five rows high, readable from the packing table.
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

    /// The five rows of `text` (digits, point, minus, space), one blank column between glyphs.
    public static func render(_ text: String) -> [String] {
        (0..<height).map { row in
            text.map { font[$0]?[row] ?? "     " }.joined(separator: " ")
        }
    }
}
