import Foundation

/// The embedded default: one file in WAL mode.
///
/// Writers in this process queue on one lock before `BEGIN IMMEDIATE`, so they wait in line
/// instead of spinning on SQLite's busy handler; writers in other processes (a kiosk beside
/// the server) are handled by the busy timeout. Readers use the pool freely: WAL lets them
/// read while one writer writes.
public final class SQLiteDatabase: Database {
    public let backend = Backend.sqlite
    public let path: String
    private let pool: ConnectionPool<SQLiteConnection>
    private let writeLock = NSLock()

    public init(path: String, poolSize: Int = 4, busyTimeoutMilliseconds: Int32 = 10_000) throws {
        self.path = path
        pool = ConnectionPool(
            limit: poolSize,
            connect: { try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds) },
            disconnect: { _ in })
        // Open one connection now so a bad path fails at start-up, not at the first request.
        try pool.with(healthy: { _ in true }) { _ in }
    }

    @discardableResult
    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try writeLock.withLock {
            try pool.transaction(begin: "BEGIN IMMEDIATE", healthy: { _ in true }, body)
        }
    }

    @discardableResult
    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        // query_only makes a read refuse writes, as PostgreSQL's READ ONLY does.
        try pool.transaction(begin: "PRAGMA query_only = ON; BEGIN", end: "PRAGMA query_only = OFF", healthy: { _ in true }, body)
    }

    public func close() { pool.close() }
}
