import Crypto
import Foundation

/// Retention of raw readings: a year of daily partitions must not slow every weighing. Each UTC
/// day of `scale_events` older than `READINGS_KEEP_DAYS` is written to
/// `ARCHIVE_DIR/scale_events-YYYYMMDD.tsv.gz`, then dropped: on PostgreSQL its day's partition,
/// on SQLite its rows, with their idempotency keys. The file is PostgreSQL's COPY text format
/// with a header (tab-separated, `\N` for null), so `restore` reads it back and so does
/// `\copy scale_events FROM PROGRAM 'zcat FILE' WITH (HEADER true)`.
public struct ReadingArchive: Sendable {
    public struct Archived: Sendable, Equatable {
        public let day: String
        public let file: URL
        public let rows: Int64
        /// Of the uncompressed text, as the audit records it.
        public let sha256: String
    }

    let services: FactoryServices
    public let directory: URL

    public init(services: FactoryServices, directory: URL) { (self.services, self.directory) = (services, directory) }

    /// Archives and drops every day before `keepDays` days ago, oldest first.
    public func archive(keepDays: Int, by source: AuditSource) throws -> [Archived] {
        let cutoff = Self.dayStart(services.clock.now().adding(seconds: -Int64(keepDays) * 86_400))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        return try days(before: cutoff).compactMap { try archive(day: $0, by: source) }
    }

    /// The days holding readings before `cutoff`: PostgreSQL's day partitions, SQLite's days.
    func days(before cutoff: Timestamp) throws -> [Timestamp] {
        switch services.database.backend {
        case .postgres:
            return try services.database.read { db in
                try db.query("""
                    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                    WHERE p.relname = 'scale_events' AND p.relnamespace = current_schema()::regnamespace ORDER BY c.relname
                    """).compactMap { row in Self.day(partition: try row.string("name")) }.filter { $0 < cutoff }
            }
        case .sqlite:
            guard let first = try services.database.read({ try $0.queryOne("SELECT MIN(ts_ingested) AS first FROM scale_events")?.optionalTimestamp("first") })
            else { return [] }
            return Array(sequence(first: Self.dayStart(first)) { $0.adding(seconds: 86_400) }.prefix { $0 < cutoff })
        }
    }

    /// One day: its file written whole, then the day dropped. A day without readings leaves no
    /// file (an empty partition is dropped all the same) and answers nil.
    func archive(day: Timestamp, by source: AuditSource) throws -> Archived? {
        let end = day.adding(seconds: 86_400)
        let name = "scale_events-\(Self.stamp(day))"
        let table = services.database.backend == .postgres ? "scale_events_\(Self.stamp(day))" : "scale_events"
        let file = directory.appendingPathComponent("\(name).tsv.gz")
        let part = directory.appendingPathComponent(".\(name).tsv.gz.part")
        var hash = SHA256()
        var rows: Int64 = 0
        do {
            let gzip = try GzipFile(part.path, mode: "wb6")
            try services.database.snapshot { db in
                var header: [String]?
                var text = ""
                try db.forEachRow("SELECT * FROM \(table) WHERE ts_ingested >= ? AND ts_ingested < ? ORDER BY ts_ingested, id", [day, end]) { row in
                    if header == nil {
                        let columns = row.columns.sorted { $0.value < $1.value }.map(\.key)
                        header = columns
                        text += columns.joined(separator: "\t") + "\n"
                    }
                    text += row.values.map(Self.copyText).joined(separator: "\t") + "\n"
                    rows += 1
                    if text.utf8.count >= 1 << 20 {
                        hash.update(data: Data(text.utf8))
                        try gzip.write(text)
                        text = ""
                    }
                }
                hash.update(data: Data(text.utf8))
                try gzip.write(text)
            }
            try gzip.close()
            if rows == 0 {
                try FileManager.default.removeItem(at: part)
            } else {
                try? FileManager.default.removeItem(at: file)
                try FileManager.default.moveItem(at: part, to: file)
            }
        } catch {
            try? FileManager.default.removeItem(at: part)
            throw error
        }
        let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
        try services.perform { db in
            // The file holds what the day held; a reading that arrived since stops the drop.
            let now = try db.queryOne("SELECT count(*) AS n FROM \(table) WHERE ts_ingested >= ? AND ts_ingested < ?", day, end)?.int("n") ?? 0
            guard now == rows else {
                throw FactoryError.conflict("readings_arrived", "\(now - rows) readings of \(Self.stamp(day)) arrived while it was archived: run it again",
                                            details: ["day": Self.stamp(day)])
            }
            if services.database.backend == .postgres {
                try db.execute("DROP TABLE \(table)")
            } else {
                try db.execute("DELETE FROM scale_events WHERE ts_ingested >= ? AND ts_ingested < ?", day, end)
            }
            try db.execute("DELETE FROM scale_event_keys WHERE ts_ingested >= ? AND ts_ingested < ?", day, end)
            guard rows > 0 else { return }
            try services.audit.record(db, by: source, action: "readings.archived", object: AuditObject("scale_events", Self.stamp(day)),
                                      new: ["file": .string(file.lastPathComponent), "rows": .int(rows), "sha256": .string(digest)])
        }
        return rows == 0 ? nil : Archived(day: Self.stamp(day), file: file, rows: rows, sha256: digest)
    }

    /// Reads an archived day back into `scale_events` (its partition made again on PostgreSQL)
    /// with its idempotency keys, in one transaction; answers how many readings it held.
    public func restore(_ file: URL, by source: AuditSource) throws -> Int64 {
        guard let day = Self.day(partition: file.lastPathComponent.replacingOccurrences(of: "scale_events-", with: "scale_events_")
            .replacingOccurrences(of: ".tsv.gz", with: "")) else {
            throw FactoryError.validation(field: "file", reason: "archive_name", "\(file.lastPathComponent) is not named scale_events-YYYYMMDD.tsv.gz")
        }
        let gzip = try GzipFile(file.path, mode: "rb")
        var lines = TextLines(gzip)
        // A day archived empty is an empty file.
        guard let first = try lines.next() else { return 0 }
        let header = first.components(separatedBy: "\t")
        guard header.contains("ts_ingested"), header.allSatisfy({ $0.allSatisfy { $0.isLetter || $0 == "_" } }) else {
            throw FactoryError.validation(field: "file", reason: "archive_header", "\(file.lastPathComponent) has no header line of scale_events' columns")
        }
        let keyColumns = ["device_id", "boot_id", "seq", "id", "ts_ingested"].compactMap { header.firstIndex(of: $0) }
        return try services.perform { db in
            if services.database.backend == .postgres {
                _ = try db.queryOne("SELECT factory_create_partition('scale_events', 'day', CAST(? AS timestamptz)) AS name", day)
            }
            var rows: Int64 = 0
            var batch: [[String?]] = []
            func flush() throws {
                guard !batch.isEmpty else { return }
                let row = "(" + Array(repeating: "?", count: header.count).joined(separator: ", ") + ")"
                _ = try db.execute("INSERT INTO scale_events (\(header.joined(separator: ", "))) VALUES \(Array(repeating: row, count: batch.count).joined(separator: ", "))",
                                   batch.flatMap { $0 }.map { $0 as any SQLBindable })
                let key = "(?, ?, ?, ?, ?)"
                _ = try db.execute("""
                    INSERT INTO scale_event_keys (device_id, boot_id, seq, event_id, ts_ingested) VALUES \(Array(repeating: key, count: batch.count).joined(separator: ", "))
                    ON CONFLICT DO NOTHING
                    """, batch.flatMap { values in keyColumns.map { values[$0] } }.map { $0 as any SQLBindable })
                rows += Int64(batch.count)
                batch.removeAll(keepingCapacity: true)
            }
            while let line = try lines.next() {
                let values = line.components(separatedBy: "\t").map(Self.value(copyText:))
                guard values.count == header.count else {
                    throw FactoryError.validation(field: "file", reason: "archive_row", "row \(rows + Int64(batch.count) + 1) of \(file.lastPathComponent) has \(values.count) values, not \(header.count)")
                }
                batch.append(values)
                if batch.count == 200 { try flush() }
            }
            try flush()
            try services.audit.record(db, by: source, action: "readings.restored", object: AuditObject("scale_events", Self.stamp(day)),
                                      new: ["file": .string(file.lastPathComponent), "rows": .int(rows)])
            return rows
        }
    }

    // MARK: the file's text

    static func copyText(_ value: SQLValue) -> String {
        switch value {
        case .null: return "\\N"
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "t" : "f"
        case .text(let text):
            var out = ""
            for character in text {
                switch character {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.append(character)
                }
            }
            return out
        }
    }

    static func value(copyText text: String) -> String? {
        guard text != "\\N" else { return nil }
        guard text.contains("\\") else { return text }
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    // MARK: days

    static func dayStart(_ time: Timestamp) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: time.microsecondsSinceEpoch.floorDivided(by: 86_400_000_000) * 86_400_000_000)
    }

    /// `20261125` for the UTC day of `time`.
    static func stamp(_ time: Timestamp) -> String { String(time.iso8601.prefix(10).replacingOccurrences(of: "-", with: "")) }

    /// The day of a partition named `scale_events_20261125`; nil for any other name.
    static func day(partition name: String) -> Timestamp? {
        let digits = name.replacingOccurrences(of: "scale_events_", with: "")
        guard name.hasPrefix("scale_events_"), digits.count == 8, digits.allSatisfy(\.isNumber) else { return nil }
        return Timestamp(parsing: "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))T00:00:00Z")
    }
}

/// The lines of a gzip file, read a megabyte at a time.
struct TextLines {
    let file: GzipFile
    var pending: [UInt8] = []
    /// Where the next line starts in `pending`.
    var start = 0
    var ended = false

    init(_ file: GzipFile) { self.file = file }

    mutating func next() throws -> String? {
        while true {
            if let newline = pending[start...].firstIndex(of: 0x0A) {
                defer { start = newline + 1 }
                return String(decoding: pending[start..<newline], as: UTF8.self)
            }
            if ended {
                guard start < pending.count else { return nil }
                defer { start = pending.count }
                return String(decoding: pending[start...], as: UTF8.self)
            }
            // What is left of the last piece moves to the front once, then the next piece follows it.
            pending.removeSubrange(..<start)
            start = 0
            let more = try file.read()
            if more.isEmpty { ended = true } else { pending += more }
        }
    }
}
