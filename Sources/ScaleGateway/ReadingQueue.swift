import CSQLite

/// The gateway's store and forward (issue: nothing lost on the way): every reading gets its
/// `(boot_id, seq)` and is written to a local SQLite file before anything is sent; rows leave
/// only once the server has acknowledged them. `boot_id` and the next `seq` live in the same
/// file, so they survive restarts and never go backwards. The queue is bounded: when full, the
/// oldest readings are kept and new ones refused (the caller warns loudly).
public final class ReadingQueue {
    public struct Reading: Sendable, Equatable {
        public let bootID: Int64
        public let seq: Int64
        /// When the gateway read it, Unix milliseconds (the device time the server is told).
        public let readAt: Int64
        public let grams: Int64
        public let stable: Bool

        public init(bootID: Int64, seq: Int64, readAt: Int64, grams: Int64, stable: Bool) {
            (self.bootID, self.seq, self.readAt, self.grams, self.stable) = (bootID, seq, readAt, grams, stable)
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case sqlite(String)
        public var description: String { if case .sqlite(let message) = self { message } else { "" } }
    }

    /// This run's boot: one more than the last one recorded in the file, and never less than the
    /// Unix time of the start. A new file (an SD card replaced, the file deleted) thus starts above
    /// every boot the server has seen from this device, whose readings it would otherwise take for
    /// duplicates of old ones and drop.
    public let bootID: Int64
    public let capacity: Int
    private let handle: OpaquePointer
    private var nextSeq: Int64 = 1
    public private(set) var count: Int

    /// Opens the queue for a new run of the gateway: a new boot.
    public convenience init(path: String, capacity: Int = 500_000) throws {
        try self.init(path: path, capacity: capacity, newBoot: true)
    }

    /// A second connection to the same file for the sender, which takes and acknowledges
    /// readings while the reader appends them: no new boot.
    public static func sending(from path: String) throws -> ReadingQueue {
        try ReadingQueue(path: path, capacity: .max, newBoot: false)
    }

    private init(path: String, capacity: Int, newBoot: Bool) throws {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw Failure.sqlite("cannot open the queue '\(path)': \(message)")
        }
        handle = db
        self.capacity = capacity
        sqlite3_busy_timeout(db, 5_000)
        // FULL: a reading acknowledged to the indicator side survives a power cut, not only a crash.
        try Self.exec(db, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS boots (boot_id INTEGER PRIMARY KEY, next_seq INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS outbox (
              boot_id INTEGER NOT NULL, seq INTEGER NOT NULL, read_at INTEGER NOT NULL, grams INTEGER NOT NULL, stable INTEGER NOT NULL,
              PRIMARY KEY (boot_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS refused (
              boot_id INTEGER NOT NULL, seq INTEGER NOT NULL, read_at INTEGER NOT NULL, grams INTEGER NOT NULL, stable INTEGER NOT NULL,
              answer TEXT NOT NULL, PRIMARY KEY (boot_id, seq)
            ) WITHOUT ROWID;
            """)
        if newBoot {
            try Self.exec(db, """
                BEGIN IMMEDIATE;
                INSERT INTO boots (boot_id, next_seq) SELECT MAX(COALESCE(MAX(boot_id), 0) + 1, CAST(strftime('%s', 'now') AS INTEGER)), 1 FROM boots;
                COMMIT;
                """)
        }
        bootID = try Self.integer(db, "SELECT MAX(boot_id) FROM boots")
        count = Int(try Self.integer(db, "SELECT COUNT(*) FROM outbox"))
    }

    deinit { sqlite3_close_v2(handle) }

    /// Stores a reading under the next seq of this boot; false when the queue is full (the
    /// reading is not stored and its seq not used).
    @discardableResult
    public func append(grams: Int64, stable: Bool, readAt: Int64) throws -> Bool {
        // The sender empties the queue through its own connection: look again before refusing.
        if count >= capacity { count = Int(try Self.integer(handle, "SELECT COUNT(*) FROM outbox")) }
        guard count < capacity else { return false }
        let seq = nextSeq
        try run("BEGIN IMMEDIATE")
        do {
            try run("INSERT INTO outbox (boot_id, seq, read_at, grams, stable) VALUES (?, ?, ?, ?, ?)", bootID, seq, readAt, grams, stable ? 1 : 0)
            try run("UPDATE boots SET next_seq = ? WHERE boot_id = ?", seq + 1, bootID)
            try run("COMMIT")
        } catch {
            try? run("ROLLBACK")
            throw error
        }
        nextSeq = seq + 1
        count += 1
        return true
    }

    /// The oldest readings of the oldest boot still queued, in seq order: one batch.
    public func oldest(limit: Int) throws -> [Reading] {
        var statement: OpaquePointer?
        let sql = "SELECT boot_id, seq, read_at, grams, stable FROM outbox WHERE boot_id = (SELECT MIN(boot_id) FROM outbox) ORDER BY seq LIMIT ?"
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure() }
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_int64(statement, 1, Int64(limit))
        var readings: [Reading] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            readings.append(Reading(bootID: sqlite3_column_int64(statement, 0), seq: sqlite3_column_int64(statement, 1),
                                    readAt: sqlite3_column_int64(statement, 2), grams: sqlite3_column_int64(statement, 3),
                                    stable: sqlite3_column_int64(statement, 4) != 0))
        }
        return readings
    }

    /// Every boot this file has seen with the number of readings it stored: what the indicator
    /// side produced, to hold against what the server received.
    public func boots() throws -> [(boot: Int64, readings: Int64)] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "SELECT boot_id, next_seq - 1 FROM boots ORDER BY boot_id", -1, &statement, nil) == SQLITE_OK else {
            throw failure()
        }
        defer { sqlite3_finalize(statement) }
        var boots: [(boot: Int64, readings: Int64)] = []
        while sqlite3_step(statement) == SQLITE_ROW { boots.append((sqlite3_column_int64(statement, 0), sqlite3_column_int64(statement, 1))) }
        return boots
    }

    /// Readings still waiting.
    public func waiting() throws -> Int { Int(try Self.integer(handle, "SELECT COUNT(*) FROM outbox")) }

    /// The server stored these (accepted or already had them): they leave the queue.
    public func acknowledge(_ readings: [Reading]) throws {
        guard let first = readings.first, let last = readings.last else { return }
        try run("DELETE FROM outbox WHERE boot_id = ? AND seq BETWEEN ? AND ?", first.bootID, first.seq, last.seq)
        count = max(0, count - readings.count)
    }

    /// The server refused these as invalid, which sending them again cannot change: they move,
    /// in one transaction, to the `refused` table of the same file with the server's answer, for
    /// the integrator to read, and the readings behind them are sent on.
    public func setAside(_ readings: [Reading], answer: String) throws {
        guard let first = readings.first, let last = readings.last else { return }
        try run("BEGIN IMMEDIATE")
        do {
            var statement: OpaquePointer?
            let sql = """
                INSERT OR REPLACE INTO refused (boot_id, seq, read_at, grams, stable, answer)
                SELECT boot_id, seq, read_at, grams, stable, ? FROM outbox WHERE boot_id = ? AND seq BETWEEN ? AND ?
                """
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure() }
            defer { sqlite3_finalize(statement) }
            sqlite3_bind_text(statement, 1, answer, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            for (index, value) in [first.bootID, first.seq, last.seq].enumerated() { sqlite3_bind_int64(statement, Int32(index + 2), value) }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw failure() }
            try run("DELETE FROM outbox WHERE boot_id = ? AND seq BETWEEN ? AND ?", first.bootID, first.seq, last.seq)
            try run("COMMIT")
        } catch {
            try? run("ROLLBACK")
            throw error
        }
        count = max(0, count - readings.count)
    }

    /// Moves the times of `boot`'s queued readings by `milliseconds`: they were stamped by a
    /// clock since found to be that far off.
    public func shift(boot: Int64, byMilliseconds milliseconds: Int64) throws {
        try run("UPDATE outbox SET read_at = read_at + ? WHERE boot_id = ?", milliseconds, boot)
    }

    /// Readings the server refused as invalid, kept for inspection.
    public func refusedCount() throws -> Int { Int(try Self.integer(handle, "SELECT COUNT(*) FROM refused")) }

    private func run(_ sql: String, _ values: Int64...) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure() }
        defer { sqlite3_finalize(statement) }
        for (index, value) in values.enumerated() { sqlite3_bind_int64(statement, Int32(index + 1), value) }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure() }
    }

    private func failure() -> Failure { .sqlite(String(cString: sqlite3_errmsg(handle))) }

    private static func exec(_ db: OpaquePointer, _ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &error) == SQLITE_OK else {
            defer { sqlite3_free(error) }
            throw Failure.sqlite(error.map { String(cString: $0) } ?? "sqlite error")
        }
    }

    private static func integer(_ db: OpaquePointer, _ sql: String) throws -> Int64 {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw Failure.sqlite(String(cString: sqlite3_errmsg(db))) }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { throw Failure.sqlite(String(cString: sqlite3_errmsg(db))) }
        return sqlite3_column_int64(statement, 0)
    }
}
