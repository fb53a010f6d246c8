/// A list query with optional filters, built safely: every value is a bound parameter and
/// only fixed column names are ever spliced in.
struct ListQuery {
    private var sql: String
    private var conditions: [String] = []
    private var parameters: [any SQLBindable] = []

    init(_ select: String) { sql = select }

    /// A fixed condition with no value.
    mutating func require(_ condition: String) {
        conditions.append(condition)
    }

    /// Adds `condition` when `value` is given, binding it to each of the condition's `?`.
    mutating func filter(_ condition: String, _ value: (any SQLBindable)?) {
        guard let value else { return }
        conditions.append(condition)
        parameters += Array(repeating: value, count: condition.filter { $0 == "?" }.count)
    }

    func run(_ db: any SQLConnection, orderBy: String, page: Page) throws -> [Row] {
        var text = sql
        if !conditions.isEmpty { text += " WHERE " + conditions.joined(separator: " AND ") }
        text += " ORDER BY \(orderBy) LIMIT ? OFFSET ?"
        return try db.query(text, parameters + [Int64(page.size), Int64(page.offset)])
    }
}
