import Foundation

/// Exact parsing of decimal numbers typed by people or sent by clients.
///
/// Every quantity in the product is an integer count of a small unit (grams, tiyin,
/// thousandths of a percent). This is the one place where text becomes such a count, so the
/// refusals (negative, not a number, too precise, too large) are the same everywhere.
public enum DecimalText {
    /// Parses `text` as a non-negative decimal with at most `scale` fractional digits and
    /// returns it multiplied by 10^scale. Exponent notation (`1.5e3`) is accepted because JSON
    /// encoders produce it; the value must still be exact at `scale` digits.
    public static func parse(_ text: String, scale: Int, max: Int64, field: String) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw FactoryError.validation(field: field, reason: "empty_value", "\(field) is empty")
        }
        let lower = trimmed.lowercased()
        if lower.contains("nan") || lower.contains("inf") {
            throw FactoryError.validation(field: field, reason: "not_a_number", "\(field) must be a finite number, got '\(text)'")
        }
        if trimmed.hasPrefix("-") {
            throw FactoryError.validation(field: field, reason: "negative_value", "\(field) must not be negative, got '\(text)'")
        }
        var mantissa = Substring(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let exp = Int(mantissa[mantissa.index(after: e)...]), abs(exp) < 40 else {
                throw notANumber(text, field)
            }
            exponent = exp
            mantissa = mantissa[..<e]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2,
              let whole = parts.first, !(whole.isEmpty && (parts.count == 1 || parts[1].isEmpty)),
              whole.allSatisfy(\.isASCIIDigitCharacter),
              parts.count == 1 || parts[1].allSatisfy(\.isASCIIDigitCharacter)
        else { throw notANumber(text, field) }

        // Shift the decimal point by the exponent, then demand exactness at `scale` digits.
        var digits = String(whole) + (parts.count == 2 ? String(parts[1]) : "")
        var pointPosition = whole.count + exponent
        if pointPosition < 0 {
            digits = String(repeating: "0", count: -pointPosition) + digits
            pointPosition = 0
        }
        if pointPosition > digits.count {
            digits += String(repeating: "0", count: pointPosition - digits.count)
        }
        let integerDigits = digits.prefix(pointPosition)
        var fraction = Substring(digits.dropFirst(pointPosition))
        while fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= scale else {
            throw FactoryError.validation(
                field: field, reason: "too_precise",
                "\(field) allows at most \(scale) decimal places, got '\(text)'")
        }
        let scaledDigits = (integerDigits + fraction + String(repeating: "0", count: scale - fraction.count))
            .drop(while: { $0 == "0" })
        guard scaledDigits.count <= 18, let value = Int64(scaledDigits.isEmpty ? "0" : String(scaledDigits)),
              value <= max
        else {
            throw FactoryError.validation(
                field: field, reason: "out_of_range",
                "\(field) is larger than the allowed \(format(max, scale: scale)), got '\(text)'")
        }
        return value
    }

    /// Parses a JSON number the same way as text: a `Double` is first written in its shortest
    /// round-trip form, so 12.345 stays exactly 12.345.
    public static func parse(_ number: Double, scale: Int, max: Int64, field: String) throws -> Int64 {
        guard number.isFinite else {
            throw FactoryError.validation(field: field, reason: "not_a_number", "\(field) must be a finite number")
        }
        // Every reading of every scale comes this way, and writing the Double out costs more
        // than the rest of its parsing. When the nearest Double to N / 10^scale is the number
        // itself, and Doubles this size lie closer together than half of 10^-scale (so no other
        // decimal of `scale` digits rounds to it), the number is that decimal, N. Anything else,
        // -0 and the out-of-range included, takes the text path and its refusals.
        let factor = Double(powerOfTen(scale))
        let scaled = (number * factor).rounded()
        if number.sign == .plus, number.ulp * 2 < 1 / factor, scaled <= Double(max), scaled / factor == number {
            return Int64(scaled)
        }
        return try parse("\(number)", scale: scale, max: max, field: field)
    }

    /// Formats a scaled integer with exactly `scale` decimals: 12345 at scale 3 → "12.345".
    public static func format(_ value: Int64, scale: Int) -> String {
        guard scale > 0 else { return String(value) }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<scale { divisor *= 10 }
        let fraction = String(magnitude % divisor)
        return "\(sign)\(magnitude / divisor).\(String(repeating: "0", count: scale - fraction.count))\(fraction)"
    }

    private static func powerOfTen(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { power, _ in power * 10 }
    }

    private static func notANumber(_ text: String, _ field: String) -> FactoryError {
        FactoryError.validation(field: field, reason: "not_a_number", "\(field) must be a decimal number, got '\(text)'")
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
