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

    /// Draws the panel from `row`: five rows of digits, then the status line.
    public static func draw(_ reading: LiveWeight?, now: Timestamp, window: Double, on screen: inout Screen, row: Int, locales: Locales) {
        guard let reading else {
            screen.put(locales.text("weight.no_reading"), row: row + 2, column: 4, style: .warn)
            return
        }
        let age = max(0, now.seconds(since: reading.at))
        let stale = age > window
        let style: Screen.Style = stale ? .dim : (reading.stable ? .good : .warn)
        for (offset, line) in BigDigits.render(reading.gross.decimalText).enumerated() {
            screen.put(line, row: row + offset, column: 4, style: style)
        }
        screen.put(locales.text("unit.kg"), row: row + 4, column: 4 + BigDigits.render(reading.gross.decimalText)[0].count + 2)
        let marker = stale ? locales.text("weight.offline") : locales.text(reading.stable ? "weight.stable" : "weight.unstable")
        screen.put("\(marker) · \(String(format: "%.0f", age)) \(locales.text("unit.s"))", row: row + 6, column: 4, style: stale ? .warn : .dim)
    }
}
