import CSQLite
import Foundation

/// One SQLite connection with its statement cache. Owned by one caller at a time through the
/// pool, so the raw pointers never cross threads concurrently.
final class SQLiteConnection: SQLConnection {
    let pendingAudit = PendingAudit()
    let exchanges = 0
    let backend = Backend.sqlite
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// `SQLITE_TRANSIENT`, which does not import into Swift: SQLite copies bound text.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// A connection's role: the one writer of this process, a reader, the checkpointer, or a
    /// backup's copier (it only reads the plant's database, but `VACUUM INTO` writes the copy,
    /// which a reader's `query_only` forbids).
    enum Role { case writer, reader, checkpointer, copier }

    init(path: String, busyTimeoutMilliseconds: Int32, role: Role) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw FactoryError.unavailable("database_unreachable", "cannot open SQLite database '\(path)': \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(db, 1)
        // A 32 MB page cache and memory-mapped reads keep the working set out of read(2);
        // checkpoints run on a thread of their own and the log file is reused, never cut back
        // (see SQLiteDatabase's Checkpointer), so no commit pays for either. The scratch tables
        // a statement builds (INSERT … RETURNING, sorting) live in memory: a package's creation
        // costs a tenth less than with SQLite's file-backed default (`factory-bench`).
        try executeScript("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA cache_size = -32768;
            PRAGMA mmap_size = 268435456;
            PRAGMA journal_size_limit = -1;
            PRAGMA wal_autocheckpoint = 0;
            PRAGMA foreign_keys = ON;
            PRAGMA temp_store = MEMORY;
            """)
        // A reader can never write, as PostgreSQL's READ ONLY transactions cannot.
        if role == .reader { try executeScript("PRAGMA query_only = ON") }
    }

    /// Reads a database file on a connection of its own, closed before this returns: a copy
    /// being checked, not the plant's database.
    static func reading<T>(_ path: String, _ body: (SQLiteConnection) throws -> T) throws -> T {
        try body(try SQLiteConnection(path: path, busyTimeoutMilliseconds: 10_000, role: .reader))
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    func executeScript(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(error)
            throw SQLiteConnection.translate(status, message)
        }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [any SQLBindable]) throws -> Int {
        _ = try run(sql, parameters, collect: false)
        return Int(sqlite3_changes(handle))
    }

    func query(_ sql: String, _ parameters: [any SQLBindable]) throws -> [Row] {
        try run(sql, parameters, collect: true)
    }

    /// SQLite is in this process: nothing is gained by holding a statement back.
    func send(_ sql: String, _ parameters: [any SQLBindable]) throws -> SQLAnswer {
        let rows = try run(sql, parameters, collect: true)
        return SQLAnswer(.success(.init(rows: rows, changes: Int(sqlite3_changes(handle)))))
    }

    func flush() throws {}

    func forEachRow(_ sql: String, _ parameters: [any SQLBindable], _ body: (Row) throws -> Void) throws {
        try step(sql, parameters, reading: true, body)
    }

    private func run(_ sql: String, _ parameters: [any SQLBindable], collect: Bool) throws -> [Row] {
        var rows: [Row] = []
        try step(sql, parameters, reading: collect) { rows.append($0) }
        return rows
    }

    /// Binds, then steps the statement to its end, reading each row when `reading`.
    private func step(_ sql: String, _ parameters: [any SQLBindable], reading: Bool, _ each: (Row) throws -> Void) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        guard Int(sqlite3_bind_parameter_count(statement)) == parameters.count else {
            throw FactoryError.unavailable("bad_statement", "statement expects \(sqlite3_bind_parameter_count(statement)) parameters, got \(parameters.count): \(sql)")
        }
        for (offset, parameter) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch parameter.sqlValue {
            case .null: status = sqlite3_bind_null(statement, index)
            case .int(let value): status = sqlite3_bind_int64(statement, index, value)
            case .bool(let value): status = sqlite3_bind_int64(statement, index, value ? 1 : 0)
            case .text(let value): status = sqlite3_bind_text(statement, index, value, -1, SQLiteConnection.transient)
            }
            guard status == SQLITE_OK else { throw failure(status) }
        }
        var columns: [String: Int] = [:]
        let count = Int(sqlite3_column_count(statement))
        if reading {
            for i in 0..<count { columns[String(cString: sqlite3_column_name(statement, Int32(i)))] = i }
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure(status) }
            guard reading else { continue }
            var values: [SQLValue] = []
            values.reserveCapacity(count)
            for i in 0..<Int32(count) {
                switch sqlite3_column_type(statement, i) {
                case SQLITE_NULL: values.append(.null)
                case SQLITE_INTEGER: values.append(.int(sqlite3_column_int64(statement, i)))
                default: values.append(.text(String(cString: sqlite3_column_text(statement, i))))
                }
            }
            try each(Row(columns: columns, values: values))
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        statements[sql] = statement
        return statement
    }

    private func failure(_ status: Int32) -> FactoryError {
        SQLiteConnection.translate(status, String(cString: sqlite3_errmsg(handle)))
    }

    /// Constraint violations become conflicts the services can name; the rest is an outage.
    static func translate(_ status: Int32, _ message: String) -> FactoryError {
        if status & 0xff == SQLITE_CONSTRAINT {
            // SQLITE_CONSTRAINT_UNIQUE (2067) and _PRIMARYKEY (1555) are macros Swift cannot import.
            let isUnique = status == 2067 || status == 1555
            return FactoryError(
                isUnique ? .businessConflict : .validationError,
                reason: isUnique ? "unique_violation" : "constraint_violation", message)
        }
        if status & 0xff == SQLITE_BUSY {
            return FactoryError.unavailable("database_busy", "the database stayed locked: \(message)")
        }
        return FactoryError.unavailable("database_error", "SQLite: \(message)")
    }
}
