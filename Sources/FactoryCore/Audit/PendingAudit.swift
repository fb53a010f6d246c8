/// The audit rows of the transaction under way, written just before it commits.
///
/// Each row continues the chain from the head row (`audit_chain_head`), and taking the head
/// locks it until commit. Taken at the first row, it held every other writer for the rest of
/// the transaction, and it cost three statements per row. Taken here, once per commit, the
/// lock lasts three statements whatever the transaction did, and a group commit of twenty
/// packages (sixty rows) writes them with those same three.
///
/// Rows keep the order they were recorded in, and each its own time. Nothing reads the audit
/// log inside the transaction that writes it, so no reader misses a row that is still here.
public final class PendingAudit {
    struct Row {
        let chain: AuditChain
        let id: AuditEntry.ID
        let actorID: User.ID?
        let role: String
        let ts: Timestamp
        let action: String
        let object: AuditObject
        let diffJSON: String
    }

    private var rows: [Row] = []

    /// Rows per INSERT: a group commit's rows go in a few statements, well inside either
    /// engine's limit on bound values.
    static let rowsPerInsert = 64

    init() {}

    var isEmpty: Bool { rows.isEmpty }

    func append(_ row: Row) { rows.append(row) }

    /// Where a savepoint was taken: rolling back to it drops what was recorded since.
    var mark: Int { rows.count }

    func rollBack(to mark: Int) { rows.removeSubrange(min(mark, rows.count)...) }

    func discard() { rows.removeAll() }

    /// Signs the rows onto the chain and writes them, inside the transaction, before COMMIT.
    func write(to db: any SQLConnection) throws {
        guard !rows.isEmpty else { return }
        defer { rows.removeAll() }
        guard let head = try db.queryOne("""
            UPDATE audit_chain_head SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq, last_sig
            """, Int64(rows.count)) else {
            throw FactoryError.unavailable("audit_head_missing", "the audit chain head row is missing; run `factory migrate`")
        }
        var seq = try head.int("last_seq") - Int64(rows.count)
        var previous = try head.string("last_sig")
        var values: [any SQLBindable] = []
        values.reserveCapacity(rows.count * 10)
        for row in rows {
            seq += 1
            let sig = row.chain.signature(previous: previous, canonical: AuditChain.canonicalBytes(
                seq: seq, id: row.id, actorID: row.actorID, role: row.role, ts: row.ts, action: row.action,
                objectType: row.object.type, objectID: row.object.id, diffJSON: row.diffJSON))
            let fields: [any SQLBindable] = [row.id, seq, row.actorID, row.role, row.ts, row.action, row.object.type, row.object.id,
                                             row.diffJSON, sig]
            values += fields
            previous = sig
        }
        for start in stride(from: 0, to: rows.count, by: Self.rowsPerInsert) {
            let count = min(Self.rowsPerInsert, rows.count - start)
            // Sent ahead: the inserts and the head's new signature go in one exchange.
            _ = try db.send("""
                INSERT INTO audit_log (id, seq, actor_id, role, ts, action, object_type, object_id, old_new_diff_json, sig_hash)
                VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", "))
                """, Array(values[(start * 10)..<((start + count) * 10)]))
        }
        try db.execute("UPDATE audit_chain_head SET last_sig = ? WHERE id = 1", previous)
    }
}
