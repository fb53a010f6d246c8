import Foundation

/// The embedded default: one file in WAL mode.
///
/// Writes go through one connection of their own, queued on a lock before `BEGIN IMMEDIATE`:
/// writers in this process wait in line instead of spinning on SQLite's busy handler, and the
/// writer's page cache stays warm (SQLite drops a connection's cache whenever another
/// connection has written). Writers in other processes (a kiosk beside the server) are
/// handled by the busy timeout. Reads use a pool of read-only connections; WAL lets them read
/// while the writer writes. A checkpointer thread copies the log back into the database file
/// every second, so no commit ever pays for a checkpoint's sync.
public final class SQLiteDatabase: Database, @unchecked Sendable {
    public let backend = Backend.sqlite
    public let path: String
    private let writer: SQLiteConnection
    private let readers: ConnectionPool<SQLiteConnection>
    private let writeLock = NSLock()
    private var closed = false
    private let checkpointer: Checkpointer

    /// How large the log file may stay once it starts again (`journal_size_limit`), and by
    /// default how large it may grow before the checkpointer makes it start again.
    public static let defaultLogLimitBytes: Int64 = 64 << 20

    /// `logLimitBytes`: past this size the checkpointer makes the log start again (see `Checkpointer`).
    public init(path: String, poolSize: Int = 4, busyTimeoutMilliseconds: Int32 = 10_000,
                logLimitBytes: Int64 = SQLiteDatabase.defaultLogLimitBytes) throws {
        self.path = path
        // Opening the writer first also makes a bad path fail at start-up, not at the first request.
        writer = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, role: .writer)
        readers = ConnectionPool(
            limit: poolSize,
            connect: { try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, role: .reader) },
            disconnect: { _ in })
        let pageSize = try writer.query("PRAGMA page_size", []).first?.int("page_size") ?? 4096
        checkpointer = try Checkpointer(connection: SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, role: .checkpointer),
                                        restartFrames: max(1, logLimitBytes / pageSize))
    }

    @discardableResult
    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try writeLock.withLock {
            guard !closed else { throw FactoryError.unavailable("database_closed", "the database has been closed") }
            return try writer.transaction(begin: "BEGIN IMMEDIATE", body)
        }
    }

    @discardableResult
    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try readers.transaction(begin: "BEGIN", healthy: { _ in true }, body)
    }

    public func close() {
        writeLock.withLock { closed = true }
        checkpointer.stop()
        readers.close()
    }

    // A database dropped without close() must not leave its checkpointer running.
    deinit { checkpointer.stop() }
}

/// Runs `PRAGMA wal_checkpoint(PASSIVE)` once a second on a connection of its own: it copies
/// what readers no longer need from the log into the database file without waiting for
/// anyone, and its sync happens here instead of inside some writer's commit.
///
/// A passive checkpoint never lets the log start again while writes keep coming (the log only
/// restarts when a writer finds every frame copied), so under a sustained ingest of thousands
/// of readings a second the log grew by about a gigabyte a minute and, once the writes paused,
/// the first writer spent half a second cutting it back. When the log is still past its size
/// limit after the passive pass, a RESTART checkpoint holds writers back for the few frames
/// left, and the next writer begins the log anew.
private final class Checkpointer: @unchecked Sendable {
    private let connection: SQLiteConnection
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false

    /// The log's size limit in frames.
    private let restartFrames: Int64

    init(connection: SQLiteConnection, restartFrames: Int64) {
        self.connection = connection
        self.restartFrames = restartFrames
        let thread = Thread { [self] in run() }
        thread.name = "sqlite-checkpoint"
        thread.start()
    }

    private func run() {
        condition.lock()
        while !stopped {
            condition.unlock()
            // A busy or failed checkpoint is retried on the next tick; the log only grows meanwhile.
            checkpoint()
            condition.lock()
            if !stopped { _ = condition.wait(until: Date().addingTimeInterval(1)) }
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func checkpoint() {
        let frames = (try? connection.query("PRAGMA wal_checkpoint(PASSIVE)", []).first?.int("log")) ?? 0
        if frames >= restartFrames { try? connection.executeScript("PRAGMA wal_checkpoint(RESTART)") }
    }

    func stop() {
        condition.lock()
        guard !stopped else {
            condition.unlock()
            return
        }
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        // A last pass on close; PASSIVE, so closing never waits for another process's readers.
        try? connection.executeScript("PRAGMA wal_checkpoint(PASSIVE)")
    }
}
