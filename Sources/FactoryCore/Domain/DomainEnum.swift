import Foundation

/// A closed set of words from the specification (§23). The raw values are the spec's own
/// spelling; they are what the database checks, the CSV files hold and the API speaks.
public protocol DomainEnum: RawRepresentable, CaseIterable, Hashable, Sendable, Codable, SQLBindable
where RawValue == String, AllCases: Collection {
    /// The name of the set in error messages and schema checks (`position`, `sku.category`).
    static var domainName: String { get }
}

extension DomainEnum {
    public var sqlValue: SQLValue { .text(rawValue) }

    /// Parses a value, or names every allowed value in the error.
    public init(parsing text: String, field: String? = nil) throws {
        let word = text.trimmingCharacters(in: .whitespaces)
        guard let value = Self(rawValue: word) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw FactoryError.validation(
                field: field ?? Self.domainName, reason: "invalid_enum",
                "'\(text)' is not a valid \(Self.domainName) (allowed: \(allowed))")
        }
        self = value
    }

    /// `'a','b','c'` for a CHECK constraint, so the schema follows the Swift enum.
    public static var sqlList: String {
        allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
    }
}
