/// What a kiosk shows: a grid of characters with a style each. Kiosks build Screens; the
/// terminal only draws them, so every screen is testable as text.
public struct Screen: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        /// `info` says something went as before ("already received"): neither success nor failure.
        case normal, title, bar, dim, good, bad, warn, info, input
    }

    public struct Cell: Sendable, Equatable {
        public var character: Character
        public var style: Style
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [[Cell]]
    /// Where the terminal's cursor goes (the focused field), if anywhere.
    public var cursor: (row: Int, column: Int)?

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = Array(repeating: Array(repeating: Cell(character: " ", style: .normal), count: width), count: height)
    }

    /// Writes text from (row, column), cut at the right edge; one column per character (the
    /// kiosks' alphabets, Uzbek Latin with ‘ and Cyrillic, have no double-width letters).
    public mutating func put(_ text: String, row: Int, column: Int = 0, style: Style = .normal) {
        guard (0..<height).contains(row) else { return }
        var col = column
        for character in text where col < width {
            if col >= 0 { cells[row][col] = Cell(character: character, style: style) }
            col += 1
        }
    }

    /// Fills a whole row with a style (banners, the title and key bars).
    public mutating func fill(row: Int, style: Style) {
        guard (0..<height).contains(row) else { return }
        for col in 0..<width { cells[row][col].style = style }
    }

    /// A banner over whole rows: the text filled in `style`, continued on the next row where
    /// it is too long for one (at most `rows`), so a gate's reason is read to its end.
    public mutating func banner(_ text: String, row: Int, rows: Int = 2, style: Style) {
        var rest = Substring(text)
        for line in row..<(row + rows) where !rest.isEmpty {
            fill(row: line, style: style)
            var piece = rest.prefix(width)
            // Break at the last space that fits, not inside a word.
            if rest.count > width, let space = piece.lastIndex(of: " "), piece.distance(from: piece.startIndex, to: space) > width / 3 {
                piece = piece[..<space]
            }
            put(String(piece), row: line, style: style)
            rest = rest.dropFirst(piece.count)
            if !rest.isEmpty { rest = "   " + rest.drop { $0 == " " } }
        }
    }

    /// Every cell's character passed through `change`, styles kept.
    public mutating func replaceCharacters(_ change: (Character) -> Character) {
        for row in cells.indices {
            for column in cells[row].indices { cells[row][column].character = change(cells[row][column].character) }
        }
    }

    /// Text centred in the row.
    public mutating func center(_ text: String, row: Int, style: Style = .normal) {
        put(text, row: row, column: max(0, (width - text.count) / 2), style: style)
    }

    /// The screen as plain text, trailing blanks cut: what golden tests compare.
    public var text: String {
        cells.map { String($0.map(\.character)).replacingTrailingSpaces() }.joined(separator: "\n")
    }

    /// The styles as one letter per cell (N normal, T title, B bar, D dim, G good, R bad,
    /// W warn, C info, I input), for tests that care about colour.
    public func styles(row: Int) -> String {
        String(cells[row].map { cell -> Character in
            switch cell.style {
            case .normal: "N"
            case .title: "T"
            case .bar: "B"
            case .dim: "D"
            case .good: "G"
            case .bad: "R"
            case .warn: "W"
            case .info: "C"
            case .input: "I"
            }
        })
    }

    public static func == (a: Screen, b: Screen) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursor?.row == b.cursor?.row && a.cursor?.column == b.cursor?.column
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
