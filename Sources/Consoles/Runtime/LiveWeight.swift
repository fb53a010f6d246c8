import FactoryCore
import Foundation

/// The kiosk's live scale reading in big digits (issue: at least five rows high), with its
/// stable or unstable marker and its age; a reading older than the binding window greys out
/// and says the gateway may be offline.
public struct LiveWeight: Sendable, Equatable {
    public var gross: Grams
    public var stable: Bool
    public var at: Timestamp

    public init(gross: Grams, stable: Bool, at: Timestamp) {
        self.gross = gross
        self.stable = stable
        self.at = at
    }

    /// The scale's latest stored reading; nil when there is none yet or the database did not
    /// answer (the panel then says there is no reading).
    static func latest(of device: Device, in services: FactoryServices) -> LiveWeight? {
        guard let reading = try? services.database.read({ try services.scaleEvents.latest($0, device: device) }) ?? nil else { return nil }
        return LiveWeight(gross: reading.gross, stable: reading.stable, at: reading.ingestedAt)
    }

    /// How large the digits are drawn on a screen of this size: double from 132×40 up.
    public static func scale(width: Int, height: Int) -> Int { width >= 132 && height >= 40 ? 2 : 1 }

    /// Draws the panel from `row`: the digits (five rows, or ten on a large screen), then the
    /// status line; answers the first row below the panel. A settled weight is drawn in full
    /// blocks, a settling one shaded and a stale one dotted, so that a monochrome terminal tells
    /// them apart as well as colour does, and the status line says it in words.
    @discardableResult
    public static func draw(_ reading: LiveWeight?, now: Timestamp, window: Double, on screen: inout Screen, row: Int, locales: Locales) -> Int {
        let scale = scale(width: screen.width, height: screen.height)
        let below = row + BigDigits.height * scale + 2
        guard let reading else {
            screen.put(locales.text("weight.no_reading"), row: row + 2, column: 4, style: .warn)
            return below
        }
        let age = max(0, now.seconds(since: reading.at))
        let stale = age > window
        let style: Screen.Style = stale ? .dim : (reading.stable ? .good : .warn)
        let digits = BigDigits.render(reading.gross.decimalText, scale: scale, ink: stale ? "░" : (reading.stable ? "█" : "▒"))
        for (offset, line) in digits.enumerated() {
            screen.put(line, row: row + offset, column: 4, style: style)
        }
        screen.put(locales.text("unit.kg"), row: row + digits.count - 1, column: 4 + digits[0].count + 2)
        let marker = stale ? locales.text("weight.offline") : locales.text(reading.stable ? "weight.stable" : "weight.unstable")
        screen.put("\(marker) · \(String(format: "%.0f", age)) \(locales.text("unit.s"))", row: below - 1, column: 4, style: stale ? .warn : .dim)
        return below
    }
}
