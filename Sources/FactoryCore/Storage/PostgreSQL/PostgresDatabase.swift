import Foundation

/// PostgreSQL through libpq: a pool of blocking connections, one transaction per `write`.
/// TLS is whatever the DSN's `sslmode` asks libpq for.
public final class PostgresDatabase: Database {
    public let backend = Backend.postgres
    private let pool: ConnectionPool<PostgresConnection>

    /// - Parameter searchPath: a schema to work in instead of `public` (tests use one each).
    public init(dsn: String, poolSize: Int = 8, searchPath: String? = nil) throws {
        pool = ConnectionPool(
            limit: poolSize,
            connect: { try PostgresConnection(dsn: dsn, searchPath: searchPath) },
            disconnect: { _ in })
        // Connect once now so an unreachable DSN fails at start-up with one clear line.
        try pool.with(healthy: \.isHealthy) { _ in }
    }

    @discardableResult
    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try pool.transaction(begin: "BEGIN", healthy: \.isHealthy, body)
    }

    @discardableResult
    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try pool.transaction(begin: "BEGIN READ ONLY", healthy: \.isHealthy, body)
    }

    /// READ COMMITTED takes a new snapshot per statement; REPEATABLE READ keeps the first.
    public func snapshot<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try pool.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", healthy: \.isHealthy, body)
    }

    public func readStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try pool.with(healthy: \.isHealthy, body)
    }

    public func close() { pool.close() }
}
