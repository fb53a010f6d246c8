import Foundation

/// Re-opening a closed session (spec §6.8): a request the shop head, the technologist and the
/// director approve in that order (DECISIONS B21). The approved re-open returns the session to
/// opened and withdraws its closing balance, which the next close writes anew.
extension BalanceService {
    public func requestReopen(_ db: any SQLConnection, by actor: Actor, approvals: ApprovalEngine, session id: Session.ID,
                              reason: String) throws -> Approval {
        try PermissionMatrix.require(actor, .sessionReopenRequest)
        try RequiredReason.check(reason, "say why the session must be re-opened")
        let session = try Session.load(db, id)
        guard session.status == .closed else {
            throw FactoryError.conflict("session_not_closed", "only a closed session is re-opened; this one is \(session.status.rawValue)")
        }
        return try approvals.request(db, by: actor, type: .reopenSession, objectType: "session", objectID: id.text, comment: reason)
    }

    public func decideReopen(_ db: any SQLConnection, by actor: Actor, approvals: ApprovalEngine, approval id: Approval.ID,
                             approve: Bool, comment: String?) throws -> Approval {
        let pending = try approvals.find(db, id)
        guard pending.type == .reopenSession, let sessionID = Session.ID(pending.objectID) else {
            throw FactoryError.validation(field: "approval_id", reason: "not_a_reopen", "this approval is not a session re-open")
        }
        let approval = try approvals.decide(db, by: actor, approval: id, approve: approve, comment: comment)
        guard approval.state == .approved else { return approval }
        let balance = try db.queryOne("SELECT input_g, good_g, delta_session_g FROM session_balance WHERE session_id = ?", sessionID)
        try db.execute("DELETE FROM session_balance WHERE session_id = ?", sessionID)
        let changed = try db.execute("UPDATE sessions SET status = 'opened', ended_at = NULL WHERE id = ? AND status = 'closed'", sessionID)
        guard changed == 1 else {
            throw FactoryError.conflict("session_not_closed", "the session is no longer closed", details: ["session_id": sessionID.text])
        }
        try audit.record(db, by: .user(actor), action: "session.reopened", object: AuditObject("session", sessionID),
                         old: ["status": "closed", "input_g": JSONValue.from(try balance?.int("input_g")),
                               "good_g": JSONValue.from(try balance?.int("good_g")), "delta_g": JSONValue.from(try balance?.int("delta_session_g"))],
                         new: ["status": "opened", "approval_id": .string(id.text)])
        return approval
    }
}
