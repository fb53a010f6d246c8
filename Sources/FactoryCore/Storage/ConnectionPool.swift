import Foundation

/// A bounded pool of blocking connections. A caller that finds every connection busy waits;
/// a connection that failed mid-use is dropped rather than handed to the next caller.
final class ConnectionPool<Connection: AnyObject>: @unchecked Sendable {
    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var open = 0
    private var closed = false
    private let limit: Int
    private let connect: () throws -> Connection
    private let disconnect: (Connection) -> Void

    init(limit: Int, connect: @escaping () throws -> Connection, disconnect: @escaping (Connection) -> Void) {
        self.limit = max(1, limit)
        self.connect = connect
        self.disconnect = disconnect
    }

    /// Lends a connection to `body`; `healthy` decides whether it goes back to the pool.
    func with<T>(healthy: (Connection) -> Bool, _ body: (Connection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let result = try body(connection)
            checkIn(connection, keep: healthy(connection))
            return result
        } catch {
            checkIn(connection, keep: healthy(connection))
            throw error
        }
    }

    private func checkOut() throws -> Connection {
        condition.lock()
        while idle.isEmpty && open >= limit && !closed { condition.wait() }
        if closed {
            condition.unlock()
            throw FactoryError.unavailable("database_closed", "the database has been closed")
        }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        open += 1
        condition.unlock()
        do {
            return try connect()
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkIn(_ connection: Connection, keep: Bool) {
        condition.lock()
        if keep && !closed {
            idle.append(connection)
        } else {
            open -= 1
            disconnect(connection)
        }
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        let toClose = idle
        idle.removeAll()
        open -= toClose.count
        condition.broadcast()
        condition.unlock()
        toClose.forEach(disconnect)
    }
}

extension ConnectionPool where Connection: SQLConnection {
    /// One transaction on a pooled connection (see `SQLConnection.transaction`).
    func transaction<T>(begin: String, healthy: (Connection) -> Bool, _ body: (any SQLConnection) throws -> T) throws -> T {
        try with(healthy: healthy) { try $0.transaction(begin: begin, body) }
    }
}
