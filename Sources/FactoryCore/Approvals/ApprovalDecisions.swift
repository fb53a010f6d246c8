/// One entry point for deciding any approval: the engine records the step, and the object the
/// approval is about moves on as its type says (a package to QC, a session re-opened, a
/// recipe swapped). Shells call this, so no shell knows which service owns which type.
extension FactoryServices {
    public func decideApproval(_ db: any SQLConnection, by actor: Actor, approval id: Approval.ID, approve: Bool,
                               comment: String?) throws -> Approval {
        let approval = try approvals.find(db, id)
        switch approval.type {
        case .manualWeight where approval.objectType == "stock_txn":
            // A typed stock weight was booked when typed (StockWeight): the decision is recorded.
            _ = try approvals.decide(db, by: actor, approval: id, approve: approve, comment: comment)
        case .manualWeight, .manualLength, .reviewTolerance:
            _ = try packages.decide(db, by: actor, approval: id, approve: approve, comment: comment)
        case .reopenSession:
            _ = try balance.decideReopen(db, by: actor, approvals: approvals, approval: id, approve: approve, comment: comment)
        case .liveRecipeChange:
            _ = try sessions.decideRecipeChange(db, by: actor, approvals: approvals, approval: id, approve: approve, comment: comment)
        case .kpiSnapshot, .payrollSnapshot, .manualWeightKPIOverride:
            _ = try approvals.decide(db, by: actor, approval: id, approve: approve, comment: comment)
        }
        return try approvals.find(db, id)
    }

    /// The pending approval of a type about an object (spec `POST /approvals/{type}/{object_id}/…`).
    public func pendingApproval(_ db: any SQLConnection, type: ApprovalType, objectID: String) throws -> Approval.ID {
        guard let row = try db.queryOne("""
            SELECT id FROM approvals WHERE type = ? AND object_id = ? AND state = 'pending' ORDER BY requested_at DESC LIMIT 1
            """, type, objectID) else {
            throw FactoryError.notFound("approval", "\(type.rawValue)/\(objectID)")
        }
        return try row.id("id")
    }

    /// Releases a gate; a session held by it resumes when nothing else holds it, and a package's
    /// hold placed by the same refusal is released with it.
    public func releaseGate(_ db: any SQLConnection, by actor: Actor, gate id: GateRecord.ID, note: String) throws -> GateRecord {
        let gate = try gates.find(db, id)
        if gate.objectType == "session" {
            _ = try sessions.releaseGate(db, by: actor, gate: id, note: note)
        } else {
            try gates.release(db, by: actor, gate: id, note: note)
            try OnHold.release(db, audit: audit, by: actor, heldBy: gate, reason: note)
        }
        return try gates.find(db, id)
    }
}
