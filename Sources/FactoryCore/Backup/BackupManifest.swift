import Crypto
import Foundation

/// What a backup holds, read from the very snapshot it copies (spec §9 DR): the rows and a
/// checksum of every row of the tables a plant cannot lose, and the head of the audit chain. A
/// restored copy is proved against it.
public struct BackupManifest: Codable, Sendable, Equatable {
    public struct Table: Codable, Sendable, Equatable {
        public let rows: Int64
        /// SHA-256 over every row in id order, each value with its kind and length.
        public let sha256: String
    }

    public var engine: String
    public var takenAt: String
    /// The newest migration applied.
    public var schema: String
    public var tables: [String: Table]
    public var auditHeadSeq: Int64
    public var auditHeadSig: String
    /// On PostgreSQL, the schema dumped and restored (`public` in a plant).
    public var pgSchema: String?

    enum CodingKeys: String, CodingKey {
        case engine, tables, schema
        case pgSchema = "pg_schema"
        case takenAt = "taken_at"
        case auditHeadSeq = "audit_head_seq"
        case auditHeadSig = "audit_head_sig"
    }

    /// The tables whose every row is counted and checksummed.
    public static let proved = ["packages", "stock_txn", "audit_log"]

    /// Reads the facts of `db` as they stand in its snapshot.
    public static func read(_ db: any SQLConnection, engine: Backend, at time: Timestamp) throws -> BackupManifest {
        var tables: [String: Table] = [:]
        for table in proved {
            var hash = SHA256()
            var rows: Int64 = 0
            try db.forEachRow("SELECT * FROM \(table) ORDER BY CAST(id AS TEXT)", []) { row in
                rows += 1
                for value in row.values { hash.update(data: canonical(value)) }
                hash.update(data: [0x0A])
            }
            tables[table] = Table(rows: rows, sha256: hash.finalize().map { String(format: "%02x", $0) }.joined())
        }
        let head = try db.queryOne("SELECT last_seq, last_sig FROM audit_chain_head WHERE id = 1")
        let schema = try db.queryOne("SELECT MAX(id) AS id FROM schema_migrations")?.optionalString("id") ?? ""
        return BackupManifest(engine: engine.rawValue, takenAt: time.iso8601, schema: schema, tables: tables,
                              auditHeadSeq: try head?.int("last_seq") ?? 0, auditHeadSig: head?.optionalString("last_sig") ?? "")
    }

    static func canonical(_ value: SQLValue) -> Data {
        switch value {
        case .null: Data("N;".utf8)
        case .int(let number): Data("I\(number);".utf8)
        case .bool(let flag): Data(flag ? "B1;".utf8 : "B0;".utf8)
        case .text(let text): Data("T\(text.utf8.count):".utf8) + Data(text.utf8)
        }
    }

    /// What differs between the manifest and a copy's facts, as sentences; empty when they match.
    public func differences(from copy: BackupManifest) -> [String] {
        var found: [String] = []
        for table in Self.proved {
            let (want, got) = (tables[table], copy.tables[table])
            if want?.rows != got?.rows {
                found.append("\(table): \(got?.rows ?? 0) rows where the backup holds \(want?.rows ?? 0)")
            } else if want?.sha256 != got?.sha256 {
                found.append("\(table): the same \(want?.rows ?? 0) rows, but their checksum differs")
            }
        }
        if auditHeadSeq != copy.auditHeadSeq || auditHeadSig != copy.auditHeadSig {
            found.append("audit chain head: seq \(copy.auditHeadSeq) where the backup holds \(auditHeadSeq)")
        }
        if schema != copy.schema { found.append("schema: \(copy.schema) where the backup holds \(schema)") }
        return found
    }

    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try? encoder.encode(self)) ?? Data()
    }

    static func parse(_ data: Data, file: URL) throws -> BackupManifest {
        guard let manifest = try? JSONDecoder().decode(BackupManifest.self, from: data) else {
            throw BackupSeal.invalid(file, "its manifest cannot be read")
        }
        return manifest
    }
}
