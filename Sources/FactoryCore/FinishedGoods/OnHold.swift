/// Quarantine of a physical package (spec §21 "OnHold: release protocol audited").
public enum OnHold {
    /// Quarantines a package; `gate` is nil when no gate stopped it (a rejected manual entry).
    static func place(_ db: any SQLConnection, audit: AuditLog, by source: AuditSource, packageID: String?, qrCode: String,
                      gate: GateType?, reason: String) throws {
        let id = TypedID<Package>()
        try db.execute("""
            INSERT INTO on_hold (id, package_id, qr_code, gate_type, reason_code, reason, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, id, packageID, qrCode, gate, gate?.rawValue ?? "manual", reason, source.actorID, audit.clock.now())
        try audit.record(db, by: source, action: "onhold.placed", object: AuditObject("on_hold", id),
                         new: ["qr_code": .string(qrCode), "gate": JSONValue.from(gate?.rawValue), "reason": .string(reason)])
    }

    /// Open holds of a QR code.
    public static func open(_ db: any SQLConnection, qrCode: String) throws -> [String] {
        try db.query("SELECT id FROM on_hold WHERE qr_code = ? AND released_at IS NULL ORDER BY created_at", qrCode)
            .map { try $0.string("id") }
    }

    /// Releases the holds a refused FG scan placed for `gate` once the action that removed its
    /// cause has happened (degassing done, QC passed), with the gate it opened: the next scan
    /// receives the package with no further step. Holds for other causes (a duplicate label)
    /// still need the shop head. Answers how many holds were released.
    @discardableResult
    static func releaseCleared(_ db: any SQLConnection, audit: AuditLog, by actor: Actor, packageID: String, qrCode: String,
                               gate: GateType, because reason: String) throws -> Int {
        let now = audit.clock.now()
        let holds = try db.query("SELECT id FROM on_hold WHERE qr_code = ? AND gate_type = ? AND released_at IS NULL", qrCode, gate)
            .map { try $0.string("id") }
        for id in holds {
            try db.execute("UPDATE on_hold SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ?", now, actor.userID, reason, id)
            try audit.record(db, by: .user(actor), action: "onhold.released", object: AuditObject("on_hold", id),
                             old: ["state": "on_hold"], new: ["state": "released", "reason": .string(reason), "gate": .string(gate.rawValue)])
        }
        let gates = try db.query("""
            SELECT id FROM gate_log WHERE gate_type = ? AND object_type = 'package' AND object_id = ? AND released_at IS NULL
            """, gate, packageID).map { try $0.string("id") }
        for id in gates {
            try db.execute("UPDATE gate_log SET released_at = ?, released_by = ?, release_note = ? WHERE id = ?", now, actor.userID, reason, id)
            try audit.record(db, by: .user(actor), action: "gate.released", object: AuditObject("gate", id),
                             old: ["state": "open"], new: ["state": "released", "note": .string(reason), "gate_type": .string(gate.rawValue)])
        }
        return holds.count
    }
}
