/// The two engines the product runs on.
public enum Backend: String, Sendable, CaseIterable {
    /// One file, WAL: the embedded default for a one-host plant and for the demo.
    case sqlite
    /// Through libpq: the engine a plant grows into.
    case postgres
}

/// One open connection inside a transaction. Statements are written with `?` placeholders
/// and every value is bound; no SQL is ever assembled from user strings.
public protocol SQLConnection: AnyObject {
    var backend: Backend { get }

    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [any SQLBindable]) throws -> Int

    /// Runs a query and returns its rows.
    func query(_ sql: String, _ parameters: [any SQLBindable]) throws -> [Row]

    /// Runs a query and hands its rows to `body` one at a time as they arrive, never holding
    /// them all: a report of a million rows costs the memory of one. SQLite steps its statement;
    /// PostgreSQL answers in single-row mode. When `body` throws, the query is abandoned (on
    /// PostgreSQL cancelled) and the error goes on. `body` must not run another statement on
    /// this connection: on PostgreSQL the connection is busy answering until the last row.
    func forEachRow(_ sql: String, _ parameters: [any SQLBindable], _ body: (Row) throws -> Void) throws

    /// Sends a statement whose answer can wait: PostgreSQL holds it back and sends it with
    /// the statements after it in one exchange (libpq's pipeline mode), when an answer is
    /// first needed; SQLite runs it at once. Statements still run in the order they were
    /// given, and a failure surfaces, at the latest, from the next statement that waits for
    /// its answer. Services send what does not depend on the statement before it, so a
    /// change costs fewer round trips to a PostgreSQL server on another host.
    func send(_ sql: String, _ parameters: [any SQLBindable]) throws -> SQLAnswer

    /// Sends every statement held back and reads their answers; throws the first failure.
    func flush() throws

    /// Runs a script of several statements without parameters (migrations only).
    func executeScript(_ sql: String) throws

    /// The audit rows of the transaction under way, written just before COMMIT.
    var pendingAudit: PendingAudit { get }

    /// Round trips to the database server on this connection so far; SQLite, inside the
    /// process, makes none. A change's cost on PostgreSQL is counted in these.
    var exchanges: Int { get }
}

extension SQLConnection {
    @discardableResult
    public func execute(_ sql: String, _ parameters: any SQLBindable...) throws -> Int {
        try execute(sql, parameters)
    }

    public func query(_ sql: String, _ parameters: any SQLBindable...) throws -> [Row] {
        try query(sql, parameters)
    }

    public func queryOne(_ sql: String, _ parameters: any SQLBindable...) throws -> Row? {
        try query(sql, parameters).first
    }

    public func send(_ sql: String, _ parameters: any SQLBindable...) throws -> SQLAnswer {
        try send(sql, parameters)
    }

    /// `begin`, the body, then COMMIT, or ROLLBACK when the body throws.
    /// The audit rows the body recorded are written last, before COMMIT (`PendingAudit`).
    ///
    ///
    /// BEGIN and COMMIT are sent as statements whose answers nobody waits for: on PostgreSQL BEGIN
    /// travels with the transaction's first statements and COMMIT with its last unanswered ones
    /// (a transaction of one statement costs two round trips, not three); SQLite runs them at once.
    func transaction<T>(begin: String, _ body: (any SQLConnection) throws -> T) throws -> T {
        _ = try send(begin, [])
        do {
            let result = try body(self)
            try pendingAudit.write(to: self)
            _ = try send("COMMIT", [])
            try flush()
            return result
        } catch {
            pendingAudit.discard()
            // What the body sent and nobody waited for goes first, so ROLLBACK reaches the server.
            try? flush()
            try? executeScript("ROLLBACK")
            throw error
        }
    }
}

extension Database {
    public func readStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T { try read(body) }
    /// A SQLite read transaction is one snapshot already.
    public func snapshot<T>(_ body: (any SQLConnection) throws -> T) throws -> T { try read(body) }
}

/// A database the services run against: every change happens inside `write`, which is one
/// transaction that commits when the closure returns and rolls back when it throws.
///
/// The interface is synchronous because both C libraries block; the server runs it on a
/// thread pool, kiosks and commands call it directly.
public protocol Database: Sendable {
    var backend: Backend { get }

    /// One read-write transaction. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`) so two writers never deadlock on a lock upgrade.
    @discardableResult
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// One read-only snapshot.
    @discardableResult
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// One query that is its own snapshot: on PostgreSQL it runs without BEGIN and COMMIT, one
    /// round trip instead of two. Only for a body that runs a single statement; a body of
    /// several must use `read`, which keeps them consistent with one another.
    func readStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// One read-only transaction whose statements all see the same moment, however long it
    /// runs: a report's several queries, a backup's manifest and its copy.
    func snapshot<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// Closes every pooled connection.
    func close()
}
