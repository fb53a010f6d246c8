import CLibPQ
import Foundation

/// A connection of its own that LISTENs on a channel (PostgreSQL delivers a NOTIFY only when
/// the sending transaction commits, so a listener never sees a reading that was rolled back).
/// Kiosks wait here for new scale readings instead of polling.
public final class PostgresListener {
    public struct Notification: Sendable, Equatable {
        public let channel: String
        public let payload: String
    }

    private let handle: OpaquePointer

    public init(dsn: String, channel: String) throws {
        guard let conn = PQconnectdb(dsn), PQstatus(conn) == CONNECTION_OK else {
            throw FactoryError.unavailable("database_unreachable", "cannot open a listening connection to PostgreSQL")
        }
        handle = conn
        let result = PQexec(conn, "LISTEN \(PostgresConnection.quoteIdentifier(channel))")
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw FactoryError.unavailable("database_error", "LISTEN \(channel) failed: \(String(cString: PQerrorMessage(conn)))")
        }
    }

    deinit { PQfinish(handle) }

    /// Waits up to `timeout` for notifications and returns all that arrived (maybe none).
    public func wait(timeout: Duration) throws -> [Notification] {
        var notifications = drain()
        guard notifications.isEmpty else { return notifications }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return [] }
        guard PQconsumeInput(handle) == 1 else {
            throw FactoryError.unavailable("database_unreachable", "the listening connection to PostgreSQL was lost")
        }
        notifications = drain()
        return notifications
    }

    private func drain() -> [Notification] {
        var found: [Notification] = []
        while let notify = PQnotifies(handle) {
            found.append(Notification(channel: String(cString: notify.pointee.relname), payload: String(cString: notify.pointee.extra)))
            PQfreemem(notify)
        }
        return found
    }
}
