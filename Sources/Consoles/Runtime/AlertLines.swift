import FactoryCore

/// The open alerts that concern the person at a console (M14 routing): one line each, the
/// most urgent first, in the console's language, saying what happened and what to do.
extension Chrome {
    /// `P1 · scale scale-E1-pack-01 has sent nothing for 125 s …`; `P2 (seen) · …` once acknowledged.
    public func sentence(_ alert: AlertService.Alert) -> String {
        let unit = AlertRule(rawValue: alert.rule)?.unit ?? .items
        func figure(_ milli: Int64?) -> String {
            guard let milli else { return "?" }
            return DecimalText.format(milli / Int64(pow10(3 - unit.decimals)), scale: unit.decimals)
        }
        let key = locales.has("alert.\(alert.rule)") ? "alert.\(alert.rule)" : "alert.other"
        let text = locales.text(key, filling: ["object": alert.object, "value": figure(alert.valueMilli), "threshold": figure(alert.thresholdMilli),
                                               "rule": alert.rule])
        let seen = alert.status == .ack ? " (\(locales.text("alert.seen")))" : ""
        return "\(alert.severity.rawValue)\(seen) · \(text)"
    }

    /// Draws the alerts that fit in `rows` from `row`, two rows each so that what to do is read
    /// to its end; when more are open, the last row ends by saying how many more there are.
    public func draw(_ alerts: [AlertService.Alert], on screen: inout Screen, row: Int, rows: Int) {
        let shown = Array(alerts.prefix(rows / Self.rowsPerAlert))
        for (offset, alert) in shown.enumerated() {
            let style: Screen.Style = alert.status == .ack ? .dim : alert.severity == .p1 ? .bad : .warn
            let first = row + offset * Self.rowsPerAlert
            for line in first..<(first + Self.rowsPerAlert) { screen.fill(row: line, style: style) }
            screen.banner(" ⚠ " + sentence(alert), row: first, rows: Self.rowsPerAlert, style: style)
            if offset == shown.count - 1, alerts.count > shown.count {
                // Over the end of its last row, which a long sentence loses anyway: the count must show.
                let more = " … " + locales.text("alert.more", filling: ["n": String(alerts.count - shown.count)]) + " "
                screen.put(more, row: first + Self.rowsPerAlert - 1, column: max(0, screen.width - more.count), style: .warn)
            }
        }
    }

    static let rowsPerAlert = 2

    /// Rows a screen gives its alerts: none when there are none, else room for up to `most`.
    public static func alertRows(_ alerts: [AlertService.Alert], most: Int) -> Int { min(alerts.count, most) * rowsPerAlert }
}

private func pow10(_ exponent: Int) -> Int { (0..<max(0, exponent)).reduce(1) { value, _ in value * 10 } }
