/// Creates the coming time partitions on PostgreSQL; a no-op on SQLite.
/// Run by `factory migrate`, `factory partitions`, and at server start.
public enum Partitions {
    public static let daysAhead = 14
    public static let monthsAhead = 3

    /// Returns the names of the partitions it created.
    @discardableResult
    public static func ensure(_ database: any Database, around time: Timestamp) throws -> [String] {
        guard database.backend == .postgres else { return [] }
        return try database.write { db in
            try db.query("SELECT factory_ensure_partitions(CAST(? AS timestamptz), ?, ?) AS name",
                         time, daysAhead, monthsAhead).map { try $0.string("name") }
        }
    }
}
