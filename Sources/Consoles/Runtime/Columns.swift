import Foundation

/// A table row in fixed columns: each cell cut to its width less one and padded, the cell
/// after the last width as it is, and any further cells after it with a space between.
public enum Columns {
    public static func row(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths + [0]).map { cell, width in
            width == 0 ? cell : String(cell.prefix(width - 1)).padding(toLength: width, withPad: " ", startingAt: 0)
        }.joined() + (cells.count > widths.count + 1 ? cells[(widths.count + 1)...].joined(separator: " ") : "")
    }
}
