import CLibPQ
import Foundation

/// One libpq connection with its named prepared statements. Owned by one caller at a time
/// through the pool, so the `PGconn*` never crosses threads concurrently.
final class PostgresConnection: SQLConnection {
    let pendingAudit = PendingAudit()
    let backend = Backend.postgres
    private let handle: OpaquePointer
    private var statements: [String: String] = [:]

    /// Column types that come back as integers or booleans; everything else stays text and
    /// the row readers parse it (uuid, timestamptz, jsonb, text).
    private static let integerTypes: Set<Oid> = [20, 21, 23]
    private static let booleanType: Oid = 16

    init(dsn: String, searchPath: String?) throws {
        guard let conn = PQconnectdb(dsn) else {
            throw FactoryError.unavailable("database_unreachable", "libpq could not allocate a connection")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            // libpq's message spans lines ("…failed: Connection refused\n\tIs the server running…").
            let message = String(cString: PQerrorMessage(conn))
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            PQfinish(conn)
            throw FactoryError.unavailable(
                "database_unreachable",
                "cannot connect to PostgreSQL (\(PostgresConnection.redacted(dsn))): \(message)")
        }
        handle = conn
        // Server notices ("relation already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        // Generic plans: left to choose, PostgreSQL plans a statement on the time-partitioned
        // tables afresh at every execution (a custom plan looks cheaper because it prunes the
        // partitions), while a generic plan prunes them at run time. With it a package is created
        // a quarter faster (factory-bench: 3.1 → 2.4 ms). Our statements look rows up by key or
        // by a range on an index, whose best plan does not depend on the values bound.
        var setup = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET plan_cache_mode = force_generic_plan;"
        if let searchPath {
            setup += " SET search_path = \(PostgresConnection.quoteIdentifier(searchPath));"
        }
        try executeScript(setup)
    }

    deinit { PQfinish(handle) }

    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE }

    func executeScript(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [any SQLBindable]) throws -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func query(_ sql: String, _ parameters: [any SQLBindable]) throws -> [Row] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [String: Int] = [:]
        var kinds: [Oid] = []
        for i in 0..<Int32(columnCount) {
            columns[String(cString: PQfname(result, i))] = Int(i)
            kinds.append(PQftype(result, i))
        }
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<Int32(rowCount) {
            var values: [SQLValue] = []
            values.reserveCapacity(columnCount)
            for c in 0..<Int32(columnCount) {
                if PQgetisnull(result, r, c) == 1 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(result, r, c))
                let kind = kinds[Int(c)]
                if PostgresConnection.integerTypes.contains(kind), let value = Int64(text) {
                    values.append(.int(value))
                } else if kind == PostgresConnection.booleanType {
                    values.append(.bool(text == "t"))
                } else {
                    values.append(.text(text))
                }
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    private func run(_ sql: String, _ parameters: [any SQLBindable]) throws -> OpaquePointer? {
        let name = try preparedName(for: sql)
        let texts: [String?] = parameters.map {
            switch $0.sqlValue {
            case .null: nil
            case .int(let value): String(value)
            case .bool(let value): value ? "true" : "false"
            case .text(let value): value
            }
        }
        let cStrings = texts.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let pointers = cStrings.map { UnsafePointer($0) }
        let result = pointers.withUnsafeBufferPointer { buffer in
            PQexecPrepared(handle, name, Int32(parameters.count), buffer.baseAddress, nil, nil, 0)
        }
        do {
            try check(result)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    /// Prepares each distinct statement once per connection under a short generated name.
    private func preparedName(for sql: String) throws -> String {
        if let name = statements[sql] { return name }
        let name = "s\(statements.count + 1)"
        let result = PQprepare(handle, name, PostgresConnection.numberedPlaceholders(sql), 0, nil)
        defer { PQclear(result) }
        try check(result)
        statements[sql] = name
        return name
    }

    private func check(_ result: OpaquePointer?) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
            throw PostgresConnection.translate(sqlState: state, message)
        }
    }

    /// Constraint violations become conflicts the services can name; the rest is an outage.
    static func translate(sqlState: String, _ message: String) -> FactoryError {
        switch sqlState {
        case "23505":
            return FactoryError(.businessConflict, reason: "unique_violation", message)
        case let s where s.hasPrefix("23"):
            return FactoryError(.validationError, reason: "constraint_violation", message)
        default:
            return FactoryError.unavailable("database_error", "PostgreSQL \(sqlState): \(message)")
        }
    }

    /// Rewrites `?` placeholders to `$1…$n`, leaving quoted text and identifiers alone.
    static func numberedPlaceholders(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                output.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                output.append(character)
            } else if character == "?" {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }

    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The DSN without its password, for error messages and logs.
    static func redacted(_ dsn: String) -> String {
        guard var components = URLComponents(string: dsn), components.scheme?.hasPrefix("postgres") == true else {
            return dsn.replacingOccurrences(of: #"password\s*=\s*\S+"#, with: "password=***", options: .regularExpression)
        }
        if components.password != nil { components.password = "***" }
        components.query = nil
        return components.string ?? "postgresql://…"
    }
}
