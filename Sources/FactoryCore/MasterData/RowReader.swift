import Foundation

/// Typed access to one CSV row that collects every problem instead of stopping at the first,
/// so one run names all that is wrong with a file.
struct RowReader {
    let file: String
    let line: Int
    let fields: [String: String]
    var problems: [ImportProblem] = []

    init(file: String, line: Int, fields: [String: String]) {
        self.file = file
        self.line = line
        self.fields = fields
        if let extra = fields["\u{0}extra"] {
            problems.append(problem(nil, "the row has \(extra) more field(s) than the header"))
        }
    }

    func problem(_ column: String?, _ message: String) -> ImportProblem {
        ImportProblem(file: file, line: line, column: column, message: message)
    }

    private func raw(_ column: String) -> String? {
        guard let value = fields[column]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    mutating func text(_ column: String) -> String {
        guard let value = raw(column) else {
            if fields[column] != nil { problems.append(problem(column, "a value is required")) }
            return ""
        }
        return value
    }

    func optionalText(_ column: String) -> String? { raw(column) }

    mutating func word<E: DomainEnum>(_ column: String, _ type: E.Type) -> E? {
        guard let value = raw(column) else {
            if fields[column] != nil { problems.append(problem(column, "a value is required")) }
            return nil
        }
        return optionalWord(column, type, value)
    }

    mutating func optionalWord<E: DomainEnum>(_ column: String, _ type: E.Type, _ given: String? = nil) -> E? {
        guard let value = given ?? raw(column) else { return nil }
        do { return try E(parsing: value, field: column) } catch {
            problems.append(problem(column, Self.message(error)))
            return nil
        }
    }

    mutating func quantity<Q: FixedPoint>(_ column: String, _ type: Q.Type) -> Q? {
        guard let value = raw(column) else { return nil }
        do { return try Q(parsing: value, field: column) } catch {
            problems.append(problem(column, Self.message(error)))
            return nil
        }
    }

    /// As `quantity`, for a column whose empty value is a problem, not an absent quantity.
    mutating func requiredQuantity<Q: FixedPoint>(_ column: String, _ type: Q.Type) -> Q? {
        guard raw(column) != nil else {
            problems.append(problem(column, "a value is required"))
            return nil
        }
        return quantity(column, type)
    }

    mutating func millimetres(_ column: String) -> Length? {
        guard let value = raw(column) else { return nil }
        do { return try Length(parsingMillimetres: value, field: column) } catch {
            problems.append(problem(column, Self.message(error)))
            return nil
        }
    }

    mutating func integer(_ column: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let value = raw(column) else {
            if fields[column] != nil { problems.append(problem(column, "a value is required")) }
            return nil
        }
        guard let number = Int64(value), range.contains(number) else {
            problems.append(problem(column, "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value)'"))
            return nil
        }
        return number
    }

    mutating func flag(_ column: String, default fallback: Bool) -> Bool {
        guard let value = raw(column)?.lowercased() else { return fallback }
        switch value {
        case "true", "1", "yes", "ha": return true
        case "false", "0", "no", "yo‘q", "yoq": return false
        default:
            problems.append(problem(column, "must be true or false, got '\(value)'"))
            return fallback
        }
    }

    mutating func timestamp(_ column: String) -> Timestamp? {
        guard let value = raw(column) else { return nil }
        // A bare date means the start of that day, UTC.
        let text = value.count == 10 ? value + "T00:00:00Z" : value
        guard let time = Timestamp(parsing: text) else {
            problems.append(problem(column, "must be a date (2027-01-31) or an ISO-8601 UTC time, got '\(value)'"))
            return nil
        }
        return time
    }

    static func message(_ error: any Error) -> String {
        (error as? FactoryError)?.message ?? "\(error)"
    }
}
