import CLibPQ
import Foundation

/// One libpq connection with its named prepared statements. Owned by one caller at a time
/// through the pool, so the `PGconn*` never crosses threads concurrently.
final class PostgresConnection: SQLConnection {
    let pendingAudit = PendingAudit()
    private(set) var exchanges = 0
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

    var isHealthy: Bool {
        unsent.isEmpty && PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    func executeScript(_ sql: String) throws {
        try flush()
        exchanges += 1
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [any SQLBindable]) throws -> Int {
        let answer = try send(sql, parameters)
        try flush()
        return try answer.changes()
    }

    func query(_ sql: String, _ parameters: [any SQLBindable]) throws -> [Row] {
        let answer = try send(sql, parameters)
        try flush()
        return try answer.rows()
    }

    func forEachRow(_ sql: String, _ parameters: [any SQLBindable], _ body: (Row) throws -> Void) throws {
        try flush()
        let name = try preparedName(for: sql)
        exchanges += 1
        let sent = withParameters(parameters.map(\.sqlValue.postgresText)) { PQsendQueryPrepared(handle, name, $0.count, $0.values, nil, nil, 0) }
        guard sent == 1 else { throw connectionFailure("the query could not be sent") }
        guard PQsetSingleRowMode(handle) == 1 else {
            while let result = PQgetResult(handle) { PQclear(result) }
            throw connectionFailure("libpq could not answer row by row")
        }
        var layout: (columns: [String: Int], kinds: [Oid])?
        var failure: (any Error)?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            guard failure == nil else { continue }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                let known = layout ?? PostgresConnection.layout(of: result)
                layout = known
                do {
                    try body(Row(columns: known.columns, values: PostgresConnection.values(of: result, row: 0, kinds: known.kinds)))
                } catch {
                    // The rest of the answer is not wanted: ask the server to stop, then read what is already on its way.
                    failure = error
                    if let cancel = PQgetCancel(handle) {
                        var buffer = [CChar](repeating: 0, count: 256)
                        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
                        PQfreeCancel(cancel)
                    }
                }
            case PGRES_TUPLES_OK:
                break
            default:
                do { try check(result) } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }

    /// A statement prepared and waiting to be sent with the next flush.
    private struct Unsent {
        let name: String
        let parameters: [String?]
        let answer: SQLAnswer
    }

    private var unsent: [Unsent] = []

    /// Most statements held back at once: libpq writes a pipeline before it reads any answer,
    /// so what one exchange carries each way stays far below what the sockets can buffer.
    static let pipelineLimit = 128

    func send(_ sql: String, _ parameters: [any SQLBindable]) throws -> SQLAnswer {
        let name = try preparedName(for: sql)
        let answer = SQLAnswer(heldBy: self)
        unsent.append(Unsent(name: name, parameters: parameters.map(\.sqlValue.postgresText), answer: answer))
        if unsent.count >= Self.pipelineLimit { try flush() }
        return answer
    }

    /// One statement goes the plain way; several go as one pipeline ending in one Sync, so
    /// they cost one round trip, and PostgreSQL skips those after the first that fails.
    func flush() throws {
        guard !unsent.isEmpty else { return }
        let batch = unsent
        unsent.removeAll()
        exchanges += 1
        if batch.count == 1 {
            let result = withParameters(batch[0].parameters) { PQexecPrepared(handle, batch[0].name, $0.count, $0.values, nil, nil, 0) }
            defer { PQclear(result) }
            let outcome = Result { try check(result); return answered(result) }
            batch[0].answer.settle(outcome)
            _ = try outcome.get()
            return
        }
        try pipeline(batch)
    }

    private func pipeline(_ batch: [Unsent]) throws {
        guard PQenterPipelineMode(handle) == 1 else {
            let failure = connectionFailure("libpq could not enter pipeline mode")
            batch.forEach { $0.answer.settle(.failure(failure)) }
            throw failure
        }
        defer { PQexitPipelineMode(handle) }
        var sent = 0
        for statement in batch {
            let queued = withParameters(statement.parameters) {
                PQsendQueryPrepared(handle, statement.name, $0.count, $0.values, nil, nil, 0)
            }
            guard queued == 1 else { break }
            sent += 1
        }
        var first: (any Error)?
        if sent < batch.count { first = connectionFailure("a statement could not be sent") }
        if PQpipelineSync(handle) != 1 { first = first ?? connectionFailure("the pipeline could not be sent") }
        for (index, statement) in batch.enumerated() {
            guard index < sent else {
                statement.answer.settle(.failure(first!))
                continue
            }
            // Each statement answers one result, then nothing; one that follows a failure
            // answers "aborted" and stands for the failure before it.
            let result = PQgetResult(handle)
            let outcome: Result<SQLAnswer.Outcome, any Error>
            if let result, PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                outcome = .failure(first ?? connectionFailure("the pipeline was aborted"))
            } else {
                outcome = Result { try check(result); return answered(result) }
            }
            PQclear(result)
            while let extra = PQgetResult(handle) { PQclear(extra) }
            if case .failure(let error) = outcome, first == nil { first = error }
            statement.answer.settle(outcome)
        }
        if sent == batch.count {
            // The Sync's own result closes the pipeline.
            while let result = PQgetResult(handle) {
                let status = PQresultStatus(result)
                PQclear(result)
                if status == PGRES_PIPELINE_SYNC { break }
            }
        }
        if let first { throw first }
    }

    private func answered(_ result: OpaquePointer?) -> SQLAnswer.Outcome {
        SQLAnswer.Outcome(rows: rows(of: result), changes: Int(String(cString: PQcmdTuples(result))) ?? 0)
    }

    private func rows(of result: OpaquePointer?) -> [Row] {
        let rowCount = Int(PQntuples(result))
        guard rowCount > 0 else { return [] }
        let (columns, kinds) = PostgresConnection.layout(of: result)
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<Int32(rowCount) {
            rows.append(Row(columns: columns, values: PostgresConnection.values(of: result, row: r, kinds: kinds)))
        }
        return rows
    }

    private static func layout(of result: OpaquePointer?) -> (columns: [String: Int], kinds: [Oid]) {
        var columns: [String: Int] = [:]
        var kinds: [Oid] = []
        for i in 0..<PQnfields(result) {
            columns[String(cString: PQfname(result, i))] = Int(i)
            kinds.append(PQftype(result, i))
        }
        return (columns, kinds)
    }

    private static func values(of result: OpaquePointer?, row r: Int32, kinds: [Oid]) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(kinds.count)
        for c in 0..<Int32(kinds.count) {
            if PQgetisnull(result, r, c) == 1 {
                values.append(.null)
                continue
            }
            let text = String(cString: PQgetvalue(result, r, c))
            let kind = kinds[Int(c)]
            if integerTypes.contains(kind), let value = Int64(text) {
                values.append(.int(value))
            } else if kind == booleanType {
                values.append(.bool(text == "t"))
            } else {
                values.append(.text(text))
            }
        }
        return values
    }

    /// The parameters as C strings for the length of `body`.
    private func withParameters<T>(_ texts: [String?], _ body: ((count: Int32, values: UnsafePointer<UnsafePointer<CChar>?>?)) -> T) -> T {
        let cStrings = texts.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let pointers = cStrings.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { body((Int32(texts.count), $0.baseAddress)) }
    }

    private func connectionFailure(_ what: String) -> FactoryError {
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        return FactoryError.unavailable("database_error", "PostgreSQL: \(what): \(message)")
    }

    /// Prepares each distinct statement once per connection under a short generated name.
    private func preparedName(for sql: String) throws -> String {
        if let name = statements[sql] { return name }
        let name = "s\(statements.count + 1)"
        exchanges += 1
        let result = PQprepare(handle, name, PostgresConnection.numberedPlaceholders(sql), 0, nil)
        defer { PQclear(result) }
        try check(result)
        statements[sql] = name
        return name
    }

    private func check(_ result: OpaquePointer?) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            let own = result.map { String(cString: PQresultErrorMessage($0)) } ?? ""
            let message = (own.isEmpty ? String(cString: PQerrorMessage(handle)) : own).trimmingCharacters(in: .whitespacesAndNewlines)
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

extension SQLValue {
    /// A parameter as libpq's text format has it; nil is SQL NULL.
    var postgresText: String? {
        switch self {
        case .null: nil
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .text(let value): value
        }
    }
}
