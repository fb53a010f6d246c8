/// The one approval engine: every approvable action in the product goes through it, and each
/// request and decision writes its own audit row in the caller's transaction.
public struct ApprovalEngine: Sendable {
    public let audit: AuditLog

    public init(audit: AuditLog) { self.audit = audit }

    /// Opens a pending approval. A second pending request of the same type for the same object
    /// is a conflict that names the first.
    public func request(_ db: any SQLConnection, by actor: Actor, type: ApprovalType,
                        objectType: String, objectID: String, payload: JSONValue = nil,
                        comment: String? = nil) throws -> Approval {
        if let open = try db.queryOne("""
            SELECT id FROM approvals WHERE type = ? AND object_type = ? AND object_id = ? AND state = 'pending'
            """, type, objectType, objectID) {
            throw FactoryError.conflict("approval_pending", "a \(type.rawValue) approval for this \(objectType) is already pending",
                                        details: ["approval_id": try open.string("id")])
        }
        let id = Approval.ID()
        try db.execute("""
            INSERT INTO approvals (id, type, object_type, object_id, requested_by, requested_at, state,
                                   steps_required, steps_done, comment, payload_json)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, 0, ?, ?)
            """, id, type, objectType, objectID, actor.userID, audit.clock.now(),
            ApprovalPolicy.steps(for: type).count, comment, payload == .null ? nil : payload.canonicalText)
        let approval = try find(db, id)
        try audit.record(db, by: .user(actor), action: "approval.requested", object: AuditObject("approval", id),
                         new: ["type": .string(type.rawValue), "object_type": .string(objectType),
                               "object_id": .string(objectID), "comment": JSONValue.from(comment)])
        return approval
    }

    /// Approves or rejects the next step. Steps go in order, each by a different person who
    /// holds that step's permission; a rejection at any step ends the approval.
    public func decide(_ db: any SQLConnection, by actor: Actor, approval id: Approval.ID,
                       approve: Bool, comment: String? = nil) throws -> Approval {
        let before = try find(db, id)
        guard before.state == .pending else {
            throw FactoryError.conflict("already_decided", "this approval is already \(before.state.rawValue)",
                                        details: ["approval_id": id.text, "state": before.state.rawValue])
        }
        let steps = ApprovalPolicy.steps(for: before.type)
        let stepIndex = before.stepsDone
        let required = steps[stepIndex]
        guard PermissionMatrix.allows(actor.position, required) else {
            let later = steps.dropFirst(stepIndex + 1).contains { PermissionMatrix.allows(actor.position, $0) }
            let holders = PermissionMatrix.holders(of: required).map(\.rawValue).joined(separator: " or ")
            // Its own reason, so that a console can say whose step comes first.
            throw FactoryError(.forbidden, reason: later ? "step_out_of_order" : "not_your_step",
                               later ? "step \(stepIndex + 1) (\(holders)) must come before yours"
                                     : "step \(stepIndex + 1) of this approval is for \(holders)",
                               details: ["permission": required.rawValue, "step": String(stepIndex + 1), "holders": holders])
        }
        if try db.queryOne("SELECT step_no FROM approval_steps WHERE approval_id = ? AND user_id = ?", id, actor.userID) != nil {
            throw FactoryError.conflict("same_approver", "one person may decide only one step of an approval",
                                        details: ["approval_id": id.text])
        }
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO approval_steps (approval_id, step_no, role, user_id, decision, decided_at, comment)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, id, stepIndex + 1, actor.position, actor.userID, approve ? "approved" : "rejected", now, comment)
        let state: ApprovalState = !approve ? .rejected : (stepIndex + 1 == steps.count ? .approved : .pending)
        // The guard on state and steps_done makes two simultaneous deciders collide here.
        let changed = try db.execute("""
            UPDATE approvals SET steps_done = ?, state = ?, approver_id = ?, approved_at = ?, comment = COALESCE(?, comment)
            WHERE id = ? AND state = 'pending' AND steps_done = ?
            """, approve ? stepIndex + 1 : stepIndex, state, actor.userID, now, comment, id, stepIndex)
        guard changed == 1 else {
            throw FactoryError.conflict("already_decided", "someone decided this step at the same moment",
                                        details: ["approval_id": id.text])
        }
        let after = try find(db, id)
        try audit.record(db, by: .user(actor), action: approve ? "approval.approved" : "approval.rejected",
                         object: AuditObject("approval", id), old: before.auditState,
                         new: .object(["step": .int(Int64(stepIndex + 1)), "comment": JSONValue.from(comment)]
                                      .merging(after.auditState.objectFields, uniquingKeysWith: { $1 })))
        return after
    }

    public func find(_ db: any SQLConnection, _ id: Approval.ID) throws -> Approval {
        guard let row = try db.queryOne("SELECT * FROM approvals WHERE id = ?", id) else {
            throw FactoryError.notFound("approval", id.text)
        }
        return try Approval(row: row)
    }

    public func pending(_ db: any SQLConnection, type: ApprovalType? = nil) throws -> [Approval] {
        try db.query("""
            SELECT * FROM approvals WHERE state = 'pending' AND (? = '' OR type = ?) ORDER BY requested_at
            """, type?.rawValue ?? "", type?.rawValue ?? "").map(Approval.init(row:))
    }
}

