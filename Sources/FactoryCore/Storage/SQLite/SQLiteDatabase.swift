import Foundation

/// The embedded default: one file in WAL mode.
///
/// Writes go through one connection of their own, queued (`WriterQueue`) before `BEGIN IMMEDIATE`:
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
    private let writers = WriterQueue()
    private var closed = false
    private let checkpointer: Checkpointer

    /// By default, how large the log may grow before the checkpointer makes it start again.
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
        let writers = writers
        checkpointer = try Checkpointer(connection: SQLiteConnection(path: path, busyTimeoutMilliseconds: Checkpointer.busyTimeoutMilliseconds,
                                                                     role: .checkpointer),
                                        restartFrames: max(1, logLimitBytes / pageSize),
                                        holdingWriters: { writers.cutIn($0) })
    }

    @discardableResult
    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try writers.write {
            guard !closed else { throw FactoryError.unavailable("database_closed", "the database has been closed") }
            return try writer.transaction(begin: "BEGIN IMMEDIATE", body)
        }
    }

    @discardableResult
    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try readers.transaction(begin: "BEGIN", healthy: { _ in true }, body)
    }

    public func close() {
        writers.write { closed = true }
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
/// limit after the passive pass, more passive passes (up to three) each copy what came in
/// during the one before. When one of them finds nothing new to copy, the next writer begins the
/// log anew by itself (SQLite restarts a fully copied log when no reader still uses it), and
/// nobody waits: at the floor's everyday load that is every time. When the writes outrun the
/// copying, or a reader kept the log from starting again since the last tick, a RESTART
/// checkpoint holds writers back for the last few frames:
/// 15–40 ms a restart under a flat-out ingest, where a single pass had left 50–190 ms.
///
/// The log file is reused from its start, never cut back (`journal_size_limit = -1` on every
/// connection): cutting a log of a hundred megabytes back was the first commit after each
/// restart, 60–110 ms. The file stays at the largest size the log reached, which is about
/// the limit plus what one second of writes adds.
///
/// The RESTART runs with this process's writers held in their queue (`holdingWriters`), not
/// in a race with them through SQLite's busy handler. In that race a writer committing back to
/// back left the checkpoint only microseconds between transactions, so under a sustained
/// ingest the log could go on growing; and the writers it did stop slept in the busy handler's
/// back-off, up to 100 ms a try, after the checkpoint had long finished. Queued on the lock,
/// they start the moment it is done. Writers in other processes still meet the busy handler.
private final class Checkpointer: @unchecked Sendable {
    /// How long a RESTART waits for readers (and other processes' writers) before it gives up
    /// until the next tick.
    static let busyTimeoutMilliseconds: Int32 = 250

    private let connection: SQLiteConnection
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false

    /// The log's size limit in frames.
    private let restartFrames: Int64
    /// The log's length when a tick last left its restart to the next writer.
    private var leftToWriterAt: Int64?
    private let holdingWriters: (() -> Void) -> Void

    init(connection: SQLiteConnection, restartFrames: Int64, holdingWriters: @escaping (() -> Void) -> Void) {
        self.connection = connection
        self.restartFrames = restartFrames
        self.holdingWriters = holdingWriters
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
        guard var pass = passive() else { return }
        // The log has not started again since the last tick left that to the next writer: a
        // reader kept it in use, so this time the RESTART sees to it.
        let leftInVain = leftToWriterAt.map { pass.log >= $0 } ?? false
        leftToWriterAt = nil
        guard pass.log >= restartFrames else { return }
        var copiedAll = false
        for _ in 1...3 {
            // A shorter log has started again meanwhile: a writer found every frame copied.
            guard let next = passive(), next.log >= pass.log else { return }
            let added = next.log - pass.log
            pass = next
            copiedAll = added == 0 && next.copiedAll
            if added < restartFrames / 16 { break }
        }
        if copiedAll && !leftInVain {
            // Nothing came in during the last pass, which copied everything: the next writer
            // starts the log again by itself, and nobody waits.
            leftToWriterAt = pass.log
            return
        }
        holdingWriters { try? connection.executeScript("PRAGMA wal_checkpoint(RESTART)") }
    }

    /// A passive pass: how many frames the log held when it began, and whether it copied them
    /// all (frames written while it ran are not counted).
    private func passive() -> (log: Int64, copiedAll: Bool)? {
        guard let row = try? connection.query("PRAGMA wal_checkpoint(PASSIVE)", []).first,
              let log = try? row.int("log"), let copied = try? row.int("checkpointed") else { return nil }
        return (log, copied >= log)
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
