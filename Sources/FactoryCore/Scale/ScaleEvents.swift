/// One reading as a gateway sends it (spec §6.2, with the boot counter of the ingest issue).
public struct ScaleReading: Sendable, Equatable {
    public let bootID: Int64
    public let seq: Int64
    /// The device's own clock, which may be unset.
    public let deviceTime: Timestamp?
    public let gross: Grams
    public let stable: Bool

    /// A reading's place in its device's stream: boots in order, then seqs.
    public struct Key: Sendable, Hashable, Comparable {
        public let bootID: Int64
        public let seq: Int64

        public static func < (a: Key, b: Key) -> Bool { (a.bootID, a.seq) < (b.bootID, b.seq) }
    }

    public var key: Key { Key(bootID: bootID, seq: seq) }

    public init(bootID: Int64 = 0, seq: Int64, deviceTime: Timestamp?, gross: Grams, stable: Bool) {
        self.bootID = bootID
        self.seq = seq
        self.deviceTime = deviceTime
        self.gross = gross
        self.stable = stable
    }
}

/// Storing readings: idempotent on (device, boot, seq), and judged late on server time
/// (DECISIONS B22, B24). Readings are facts from machines, not people's actions, so they
/// write no audit rows; binding one does.
public struct ScaleEvents: Sendable {
    public enum Outcome: Sendable, Equatable {
        case accepted(id: String, late: Bool)
        case duplicate
    }

    public let clock: any WallClock
    public let windowSeconds: Int64
    /// The PostgreSQL channel a new reading is announced on, with the device code as payload.
    public static let channel = "scale_events"

    public init(clock: any WallClock, windowSeconds: Int64) {
        self.clock = clock
        self.windowSeconds = windowSeconds
    }

    /// What one request's readings came to.
    public struct Counts: Sendable, Equatable {
        public var accepted = 0, duplicates = 0, late = 0

        public init(accepted: Int = 0, duplicates: Int = 0, late: Int = 0) {
            self.accepted = accepted
            self.duplicates = duplicates
            self.late = late
        }
    }

    /// Records a gateway's readings in order, duplicates skipped.
    public func record(_ db: any SQLConnection, device: Device, _ readings: [ScaleReading]) throws -> Counts {
        try send(db, device: device, readings).get()
    }

    /// `record`, sent ahead (`SQLConnection.send`): on PostgreSQL the readings travel together,
    /// so a batch of a hundred costs one round trip, not a hundred.
    public func send(_ db: any SQLConnection, device: Device, _ readings: [ScaleReading]) throws -> Later<Counts> {
        // All judged before any is stored: a refused batch costs no statement.
        try readings.forEach(Self.validate)
        switch db.backend {
        case .postgres: return try sendSetBased(db, device: device, readings)
        case .sqlite: return .known(try storeInChunks(db, device: device, readings))
        }
    }

    /// A batch on SQLite as multi-row statements, two per chunk: claim the chunk's keys, then
    /// store the rows whose keys this batch claimed. Chunks are powers of two up to 64 rows
    /// (100 readings are 64 + 32 + 4), so a connection keeps at most seven shapes of each
    /// statement prepared however the batches are cut.
    private func storeInChunks(_ db: any SQLConnection, device: Device, _ readings: [ScaleReading]) throws -> Counts {
        let now = clock.now()
        var counts = Counts()
        var start = 0
        while start < readings.count {
            let size = 1 << min(6, Int.bitWidth - 1 - (readings.count - start).leadingZeroBitCount)
            let chunk = readings[start..<start + size]
            start += size
            let ids = chunk.map { _ in TypedID<ScaleReading>() }
            let late = chunk.map { ReadingLateness.isLate(takenAt: $0.deviceTime, arrivedAt: now, windowSeconds: windowSeconds) }
            var keys: [any SQLBindable] = []
            var fields: [any SQLBindable] = []
            for ((reading, id), isLate) in zip(zip(chunk, ids), late) {
                keys += [device.id, reading.bootID, reading.seq, id, now] as [any SQLBindable]
                fields += [id, reading.bootID, reading.seq, reading.deviceTime, reading.gross, reading.stable, isLate] as [any SQLBindable]
            }
            let claimed = Set(try db.query("""
                INSERT INTO scale_event_keys (device_id, boot_id, seq, event_id, ts_ingested) VALUES \(Self.rows(size, width: 5))
                ON CONFLICT DO NOTHING RETURNING event_id
                """, keys).map { try $0.string("event_id") })
            counts.duplicates += size - claimed.count
            guard !claimed.isEmpty else { continue }
            // The same text whichever keys were free: the rows filter themselves on the claim.
            try db.execute("""
                WITH v(id, boot_id, seq, ts_device, gross_g, stable_bool, late_bool) AS (VALUES \(Self.rows(size, width: 7)))
                INSERT INTO scale_events (id, device_id, boot_id, seq, ts_device, ts_ingested, gross_g, stable_bool, trusted_bool, late_bool)
                SELECT v.id, ?, v.boot_id, v.seq, v.ts_device, ?, v.gross_g, v.stable_bool, 1, v.late_bool FROM v
                WHERE EXISTS (SELECT 1 FROM scale_event_keys k
                              WHERE k.device_id = ? AND k.boot_id = v.boot_id AND k.seq = v.seq AND k.event_id = v.id)
                """, fields + [device.id, now, device.id] as [any SQLBindable])
            for (id, isLate) in zip(ids, late) where claimed.contains(id.text) {
                counts.accepted += 1
                if isLate { counts.late += 1 }
            }
        }
        return counts
    }

    /// `(?, ?), (?, ?)` for a multi-row VALUES of `count` rows of `width` parameters.
    private static func rows(_ count: Int, width: Int) -> String {
        let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        return Array(repeating: row, count: count).joined(separator: ", ")
    }

    /// A batch on PostgreSQL as one set-based statement: the readings travel as arrays, their
    /// keys are claimed and their rows stored by one INSERT each, and the kiosks hear of the
    /// device once, not once per reading. About ten times less PostgreSQL work per reading than a
    /// statement each, and one round trip for the batch.
    private func sendSetBased(_ db: any SQLConnection, device: Device, _ readings: [ScaleReading]) throws -> Later<Counts> {
        let now = clock.now()
        let ids = readings.map { _ in TypedID<ScaleReading>() }
        let late = readings.map { ReadingLateness.isLate(takenAt: $0.deviceTime, arrivedAt: now, windowSeconds: windowSeconds) }
        let answer = try db.send("""
            WITH input AS (
              SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::uuid[], ?::timestamptz[], ?::bigint[], ?::boolean[], ?::boolean[])
                AS t(boot_id, seq, event_id, ts_device, gross_g, stable_bool, late_bool)),
            claimed AS (
              INSERT INTO scale_event_keys (device_id, boot_id, seq, event_id, ts_ingested)
              SELECT ?::uuid, boot_id, seq, event_id, ?::timestamptz FROM input
              ON CONFLICT DO NOTHING RETURNING event_id),
            stored AS (
              INSERT INTO scale_events (id, device_id, boot_id, seq, ts_device, ts_ingested, gross_g, stable_bool, trusted_bool, late_bool)
              SELECT i.event_id, ?::uuid, i.boot_id, i.seq, i.ts_device, ?::timestamptz, i.gross_g, i.stable_bool, TRUE, i.late_bool
              FROM input i JOIN claimed USING (event_id)
              RETURNING late_bool),
            counted AS (SELECT count(*) AS accepted, count(*) FILTER (WHERE late_bool) AS late FROM stored),
            announced AS (SELECT pg_notify(?, ?) FROM counted WHERE accepted > 0)
            SELECT accepted, late, (SELECT count(*) FROM announced) AS announced FROM counted
            """,
            Self.array(readings.map { String($0.bootID) }), Self.array(readings.map { String($0.seq) }), Self.array(ids.map(\.text)),
            Self.array(readings.map { $0.deviceTime.map { "\"\($0.iso8601)\"" } ?? "NULL" }), Self.array(readings.map { String($0.gross.grams) }),
            Self.array(readings.map { $0.stable ? "t" : "f" }), Self.array(late.map { $0 ? "t" : "f" }),
            device.id, now, device.id, now, Self.channel, device.code)
        return Later {
            guard let row = try answer.rows().first else { return Counts(duplicates: readings.count) }
            let accepted = Int(try row.int("accepted"))
            return Counts(accepted: accepted, duplicates: readings.count - accepted, late: Int(try row.int("late")))
        }
    }

    /// A PostgreSQL array literal of values the product formats itself: digits, UUIDs, quoted
    /// RFC 3339 times, `t`/`f`, NULL.
    static func array(_ items: [String]) -> String { "{" + items.joined(separator: ",") + "}" }

    static func validate(_ reading: ScaleReading) throws {
        guard reading.seq >= 0, reading.bootID >= 0, !reading.gross.isNegative else {
            throw FactoryError.validation(field: "seq", reason: "out_of_range", "seq, boot_id and gross_kg must not be negative")
        }
    }

    public func record(_ db: any SQLConnection, device: Device, _ reading: ScaleReading) throws -> Outcome {
        try Self.validate(reading)
        return try ask(db, device: device, reading).get()
    }

    /// Stores a validated reading; the outcome is known once the database has answered.
    private func ask(_ db: any SQLConnection, device: Device, _ reading: ScaleReading) throws -> Later<Outcome> {
        let now = clock.now()
        let id = TypedID<ScaleReading>()
        let late = ReadingLateness.isLate(takenAt: reading.deviceTime, arrivedAt: now, windowSeconds: windowSeconds)
        switch db.backend {
        case .postgres:
            // One statement, sent with the batch's others: claim the key, store the reading when
            // the key was free, and announce it to the kiosks that LISTEN (delivered at commit).
            return try db.send("""
                WITH claimed AS (
                  INSERT INTO scale_event_keys (device_id, boot_id, seq, event_id, ts_ingested) VALUES (?, ?, ?, ?, ?)
                  ON CONFLICT DO NOTHING RETURNING event_id)
                INSERT INTO scale_events (id, device_id, boot_id, seq, ts_device, ts_ingested, gross_g, stable_bool, trusted_bool, late_bool)
                SELECT event_id, ?::uuid, ?::bigint, ?::bigint, ?::timestamptz, ?::timestamptz, ?::bigint, ?::boolean, TRUE, ?::boolean
                FROM claimed
                RETURNING pg_notify(?, ?)
                """, device.id, reading.bootID, reading.seq, id, now,
                device.id, reading.bootID, reading.seq, reading.deviceTime, now, reading.gross, reading.stable, late,
                Self.channel, device.code).map { $0.isEmpty ? .duplicate : .accepted(id: id.text, late: late) }
        case .sqlite:
            let claimed = try db.execute("""
                INSERT INTO scale_event_keys (device_id, boot_id, seq, event_id, ts_ingested) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, device.id, reading.bootID, reading.seq, id, now)
            guard claimed == 1 else { return .known(.duplicate) }
            try db.execute("""
                INSERT INTO scale_events (id, device_id, boot_id, seq, ts_device, ts_ingested, gross_g, stable_bool, trusted_bool, late_bool)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, id, device.id, reading.bootID, reading.seq, reading.deviceTime, now, reading.gross, reading.stable, true, late)
            return .known(.accepted(id: id.text, late: late))
        }
    }

    /// True when every one of `readings` is stored already: a re-send, answered from the reading
    /// side. One query on PostgreSQL (fit for `Database.readStatement`); on SQLite one indexed
    /// lookup per reading, stopping at the first missing.
    public func allStored(_ db: any SQLConnection, device: Device, _ readings: [ScaleReading]) throws -> Bool {
        switch db.backend {
        case .postgres:
            let found = try db.queryOne("""
                SELECT count(*) AS found FROM scale_event_keys k
                JOIN unnest(?::bigint[], ?::bigint[]) AS t(boot_id, seq) ON k.boot_id = t.boot_id AND k.seq = t.seq
                WHERE k.device_id = ?
                """, Self.array(readings.map { String($0.bootID) }), Self.array(readings.map { String($0.seq) }), device.id)?.int("found") ?? 0
            return found == readings.count
        case .sqlite:
            for reading in readings {
                guard try db.queryOne("SELECT 1 AS found FROM scale_event_keys WHERE device_id = ? AND boot_id = ? AND seq = ?",
                                      device.id, reading.bootID, reading.seq) != nil else { return false }
            }
            return true
        }
    }

    /// The newest reading of a device, for the live weight on a kiosk.
    public func latest(_ db: any SQLConnection, device: Device) throws -> StoredReading? {
        try db.queryOne("SELECT * FROM scale_events WHERE device_id = ? ORDER BY ts_ingested DESC, seq DESC LIMIT 1", device.id)
            .map(StoredReading.init(row:))
    }
}
