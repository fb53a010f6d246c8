/// How a column's stored value is compared with the value an import brings.
enum ColumnKind: Sendable {
    case text, int, bool, timestamp, id
}

/// A value for a column: given directly, or an id found by code in the database
/// (which may have been written earlier in the same import).
enum ImportField: Sendable {
    case value(SQLValue, ColumnKind)
    case lookup(Lookup)

    static func text(_ value: String?) -> ImportField { .value(value.map(SQLValue.text) ?? .null, .text) }
    static func int(_ value: Int64?) -> ImportField { .value(value.map(SQLValue.int) ?? .null, .int) }
    static func bool(_ value: Bool) -> ImportField { .value(.bool(value), .bool) }
    static func time(_ value: Timestamp?) -> ImportField { .value(value?.sqlValue ?? .null, .timestamp) }
    static func word<E: DomainEnum>(_ value: E?) -> ImportField { .value(value?.sqlValue ?? .null, .text) }
    static func quantity<Q: FixedPoint>(_ value: Q?) -> ImportField { .int(value?.units) }

    /// The id of the row of `table` whose `code` is `code`.
    static func code(_ table: String, _ code: String?, column: String) -> ImportField {
        guard let code else { return .value(.null, .id) }
        return .lookup(Lookup(sql: "SELECT id FROM \(table) WHERE code = ?", parameters: [.text(code)],
                              column: column, missing: "no \(table.dropLast()) with code '\(code)'"))
    }
}

struct Lookup: Sendable {
    let sql: String
    let parameters: [SQLValue]
    let column: String
    let missing: String
}

/// One row of master data on its way into a table: the columns that identify it, the columns
/// it sets, and those set only when it is first created.
struct ImportRecord: Sendable {
    let file: String
    let line: Int
    let table: String
    /// What a person calls the row ("POL-10", "POL-10 v1"), for duplicate messages.
    let name: String
    /// Rows checked together (the lines of one recipe).
    var group: String = ""
    let key: [(String, ImportField)]
    let fields: [(String, ImportField)]
    /// Columns set to the import's time when the row is created, and left alone after.
    var stampOnInsert: [String] = []
    /// Refuses a change that master data must not make silently (a published recipe).
    var lock: RecordLock? = nil
}

/// A rule that freezes rows: `sql` is run with the value of `column` (`id` for the existing
/// row, or a key column for a new one) and a returned row means the change is refused.
struct RecordLock: Sendable {
    let column: String
    let sql: String
    let message: String
}
