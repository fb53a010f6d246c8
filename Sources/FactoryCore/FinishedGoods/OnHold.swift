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
}
