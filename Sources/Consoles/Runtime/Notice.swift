import FactoryCore
/// A word about the key just pressed when it cannot do what it usually does: a scan on a page
/// that takes none, F3 with no order, F1. No key is silent; a notice says why nothing happened
/// and what to do instead, and goes away with the next key.
public struct Notice: Sendable, Equatable {
    /// The locale key of the words.
    public let key: String
    public let style: Screen.Style
    /// Facts for the words' `{places}`.
    public let values: [String: String]

    public init(_ key: String, style: Screen.Style = .warn, values: [String: String] = [:]) {
        self.key = key
        self.style = style
        self.values = values
    }

    /// The kiosk's keys and what they do, from `kiosk.<name>.help`.
    public static func help(_ kiosk: String) -> Notice { Notice("kiosk.\(kiosk).help", style: .info) }
}

extension Chrome {
    /// Draws a notice over up to three rows from `row`, in its own colour with its mark.
    /// A refusal's banner over three rows from `row`, in its colour (`refusal(_:)`).
    public func draw(_ failure: Failure, on screen: inout Screen, row: Int) {
        let refusal = refusal(failure)
        screen.banner(refusal.text, row: row, rows: 3, style: refusal.style)
    }

    /// "Working…" at the top right while an answer is awaited.
    public func drawBusy(_ busy: Bool, on screen: inout Screen) {
        if busy { screen.put(locales.text("kiosk.busy"), row: 1, column: screen.width - 16, style: .dim) }
    }

    public func draw(_ notice: Notice?, on screen: inout Screen, row: Int) {
        guard let notice else { return }
        let mark = notice.style == .info ? "i" : "!"
        screen.banner(" \(mark) " + locales.text(notice.key, filling: notice.values), row: row, rows: 3, style: notice.style)
    }
}
