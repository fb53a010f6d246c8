import Foundation

/// The package label code `FG-YYYY-MM-DD-NNNNNN` (spec §6.5): the plant day and that day's
/// running number.
public struct QRCode: Sendable, Hashable, CustomStringConvertible {
    public let day: String
    public let number: Int

    public static let maximumPerDay = 999_999

    public init(day: String, number: Int) {
        self.day = day
        self.number = number
    }

    public var text: String {
        let digits = String(number)
        return "FG-\(day)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }

    public var description: String { text }

    /// Reads a scanned code; scanners may add spaces or send lower case.
    public init?(scanned: String) {
        let text = scanned.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "FG",
              parts[1].count == 4, parts[2].count == 2, parts[3].count == 2, parts[4].count == 6,
              parts[1...4].allSatisfy({ $0.allSatisfy(\.isASCIIDigitCharacter) }),
              let month = Int(parts[2]), (1...12).contains(month),
              let dayOfMonth = Int(parts[3]), (1...31).contains(dayOfMonth),
              let number = Int(parts[4]), number >= 1
        else { return nil }
        self.init(day: "\(parts[1])-\(parts[2])-\(parts[3])", number: number)
    }
}
