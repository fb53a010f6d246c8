import FactoryCore

/// Percentages as a kiosk shows them: a deviation with its sign and one decimal ("−15.0",
/// "+1.3"), a limit without trailing zeros ("2", "1.5"). A worker reads "−15 %" at a glance;
/// "±14.961 %" says neither which way nor how much at once.
public enum PercentText {
    /// `percent` is the size of the deviation; `below` says the weight is under the norm.
    public static func signed(_ percent: Percent, below: Bool) -> String {
        let tenths = (percent.units + 50) / 100
        let text = "\(tenths / 10).\(tenths % 10)"
        return tenths == 0 ? text : (below ? "−" : "+") + text
    }

    /// A share with one decimal and a sign only when negative ("4.1", "−2.0"): a loss.
    public static func tenths(_ percent: Percent) -> String {
        let text = signed(percent.magnitude, below: percent.units < 0)
        return text.hasPrefix("+") ? String(text.dropFirst()) : text
    }

    public static func limit(_ percent: Percent) -> String { percent.plainText }
}
