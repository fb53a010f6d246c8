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
        try release(db, audit: audit, by: actor, qrCode: qrCode, only: gate, packages: [packageID], reason: reason)
    }

    /// The shop head's release (spec §21): every open hold of a label, and with each the gate its
    /// refused scan opened on the package. A hold and its gate are one quarantine, so neither
    /// outlives the other on the wall or in the gates list. Answers how many holds were released.
    static func release(_ db: any SQLConnection, audit: AuditLog, by actor: Actor, qrCode: String, reason: String) throws -> Int {
        try release(db, audit: audit, by: actor, qrCode: qrCode, only: nil, packages: [], reason: reason)
    }

    /// The holds of a label a released package gate placed (releasing the gate from the gates list).
    static func release(_ db: any SQLConnection, audit: AuditLog, by actor: Actor, heldBy gate: GateRecord, reason: String) throws {
        guard gate.objectType == "package",
              let row = try db.queryOne("SELECT qr_code FROM packages WHERE id = ?", gate.objectID) else { return }
        try release(db, audit: audit, by: actor, qrCode: try row.string("qr_code"), only: gate.gateType, packages: [gate.objectID], reason: reason)
    }

    /// Releases the open holds of `qrCode` (of one gate's cause, or all), then the open package
    /// gates those causes opened on `packages` and on the holds' own packages.
    @discardableResult
    private static func release(_ db: any SQLConnection, audit: AuditLog, by actor: Actor, qrCode: String, only gate: GateType?,
                                packages: [String], reason: String) throws -> Int {
        let now = audit.clock.now()
        let holds = try db.query("""
            SELECT id, package_id, gate_type FROM on_hold WHERE qr_code = ? AND released_at IS NULL AND (? = '' OR gate_type = ?)
            """, qrCode, gate?.rawValue ?? "", gate?.rawValue ?? "")
        var causes: [GateType] = gate.map { [$0] } ?? []
        var objects = packages
        for hold in holds {
            let id = try hold.string("id")
            try db.execute("UPDATE on_hold SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ?", now, actor.userID, reason, id)
            let cause: GateType? = try hold.optionalWord("gate_type")
            try audit.record(db, by: .user(actor), action: "onhold.released", object: AuditObject("on_hold", id),
                             old: ["state": "on_hold"], new: ["state": "released", "reason": .string(reason), "gate": JSONValue.from(cause?.rawValue)])
            if let cause, !causes.contains(cause) { causes.append(cause) }
            if let package = hold.optionalString("package_id"), !objects.contains(package) { objects.append(package) }
        }
        for cause in causes {
            for package in objects {
                let gates = try db.query("""
                    SELECT id FROM gate_log WHERE gate_type = ? AND object_type = 'package' AND object_id = ? AND released_at IS NULL
                    """, cause, package).map { try $0.string("id") }
                for id in gates {
                    try db.execute("UPDATE gate_log SET released_at = ?, released_by = ?, release_note = ? WHERE id = ?", now, actor.userID, reason, id)
                    try audit.record(db, by: .user(actor), action: "gate.released", object: AuditObject("gate", id),
                                     old: ["state": "open"], new: ["state": "released", "note": .string(reason), "gate_type": .string(cause.rawValue)])
                }
            }
        }
        return holds.count
    }
}
