import Foundation

/// The one gate log: opening and releasing gates, each with its audit row in the caller's
/// transaction. Gate *decisions* (is this blocked?) are pure rules elsewhere; this records them.
public struct GateLog: Sendable {
    public let audit: AuditLog

    public init(audit: AuditLog) { self.audit = audit }

    /// Who may release a gate (DECISIONS B4).
    public static func releasePermission(for gate: GateType) -> Permission {
        switch gate {
        case .vtLimit: .gateReleaseVTLimit
        case .degazGate: .gateReleaseDegaz
        case .calibrationExpired: .gateReleaseCalibration
        case .gt2Extruder, .e3Qualification, .qcNotOKToFG, .qrDuplicate, .nonRecyclableToRework: .gateReleaseShopFloor
        }
    }

    /// Every permission that releases some gate, each once.
    public static var anyReleasePermission: [Permission] {
        GateType.allCases.map(releasePermission(for:)).reduce(into: []) { all, permission in if !all.contains(permission) { all.append(permission) } }
    }

    /// Opens a gate on an object, or returns the one already open: a gate hit twice is one gate.
    @discardableResult
    public func open(_ db: any SQLConnection, by source: AuditSource, gate: GateType, object: AuditObject,
                     ref: JSONValue = nil, note: String? = nil) throws -> GateRecord {
        let objectID = object.id ?? ""
        if let row = try db.queryOne("""
            SELECT * FROM gate_log WHERE gate_type = ? AND object_type = ? AND object_id = ? AND released_at IS NULL
            """, gate, object.type, objectID) {
            try db.execute("UPDATE gate_log SET hits = hits + 1 WHERE id = ?", try row.string("id"))
            return try GateRecord(row: row)
        }
        let id = GateRecord.ID()
        try db.execute("""
            INSERT INTO gate_log (id, gate_type, object_type, object_id, object_ref, ts, opened_by, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, id, gate, object.type, objectID, ref == .null ? nil : ref.canonicalText,
            audit.clock.now(), source.actorID, note)
        try audit.record(db, by: source, action: "gate.opened", object: AuditObject("gate", id),
                         new: ["gate_type": .string(gate.rawValue), "object_type": .string(object.type),
                               "object_id": .string(objectID), "note": JSONValue.from(note), "ref": ref])
        return try find(db, id)
    }

    /// Releases an open gate; the note says why it was safe to go on.
    @discardableResult
    public func release(_ db: any SQLConnection, by actor: Actor, gate id: GateRecord.ID, note: String) throws -> GateRecord {
        let gate = try find(db, id)
        try PermissionMatrix.require(actor, GateLog.releasePermission(for: gate.gateType))
        guard !note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FactoryError.validation(field: "note", reason: "note_required", "say why the gate may be released")
        }
        let changed = try db.execute("""
            UPDATE gate_log SET released_at = ?, released_by = ?, release_note = ? WHERE id = ? AND released_at IS NULL
            """, audit.clock.now(), actor.userID, note, id)
        guard changed == 1 else {
            throw FactoryError.conflict("already_released", "this gate is already released", details: ["gate_id": id.text])
        }
        try audit.record(db, by: .user(actor), action: "gate.released", object: AuditObject("gate", id),
                         old: ["state": "open"], new: ["state": "released", "note": .string(note),
                                                        "gate_type": .string(gate.gateType.rawValue)])
        return try find(db, id)
    }

    public func find(_ db: any SQLConnection, _ id: GateRecord.ID) throws -> GateRecord {
        guard let row = try db.queryOne("SELECT * FROM gate_log WHERE id = ?", id) else {
            throw FactoryError.notFound("gate", id.text)
        }
        return try GateRecord(row: row)
    }

    public func openGates(_ db: any SQLConnection, on object: AuditObject) throws -> [GateRecord] {
        try db.query("""
            SELECT * FROM gate_log WHERE object_type = ? AND object_id = ? AND released_at IS NULL ORDER BY ts
            """, object.type, object.id ?? "").map(GateRecord.init(row:))
    }
}
