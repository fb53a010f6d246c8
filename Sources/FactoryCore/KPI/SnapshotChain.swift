import Foundation

/// The versions of one KPI chain (a period and scope) or payroll chain (a month), and their
/// approval: the one rule both follow. Generating again replaces a draft under its version; an
/// approved version is frozen, and what follows it is the next version, which needs a reason.
struct SnapshotChain {
    /// `kpi_snapshot` or `payroll_snapshot`: written by this type only, never from input.
    let table: String
    /// What a person calls it in a sentence: "KPI", "payroll".
    let noun: String
    let approvalType: ApprovalType
    let permission: Permission

    static let kpi = SnapshotChain(table: "kpi_snapshot", noun: "KPI", approvalType: .kpiSnapshot, permission: .kpiApprove)
    static let payroll = SnapshotChain(table: "payroll_snapshot", noun: "payroll", approvalType: .payrollSnapshot, permission: .payrollApprove)

    struct Next {
        let version: Int64
        let supersedes: String?
        /// The reason without surrounding blanks, nil when none was given.
        let reason: String?
        /// A new version after an approved one (`*.corrected`), not a first or a regenerated draft.
        var isCorrection: Bool { supersedes != nil }
    }

    /// The version a new generation of the chain takes; a draft in the way is deleted (its lines
    /// go with it). `chain` selects the chain's rows, e.g. `month = ?`.
    func next(_ db: any SQLConnection, chain: String, _ parameters: [any SQLBindable], reason: String?) throws -> Next {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let given = reason?.isEmpty == false ? reason : nil
        guard let latest = try db.query("SELECT id, version, status, supersedes_id FROM \(table) WHERE \(chain) ORDER BY version DESC LIMIT 1",
                                        parameters).first else {
            return Next(version: 1, supersedes: nil, reason: given)
        }
        guard try latest.word("status", as: SnapshotStatus.self) == .approved else {
            try db.execute("DELETE FROM \(table) WHERE id = ?", try latest.string("id"))
            return Next(version: try latest.int("version"), supersedes: latest.optionalString("supersedes_id"), reason: given)
        }
        guard given != nil else {
            throw FactoryError.conflict("snapshot_approved", "this \(noun) is approved and frozen: a correction is a new version and needs a reason",
                                        details: ["snapshot_id": try latest.string("id")])
        }
        return Next(version: try latest.int("version") + 1, supersedes: try latest.string("id"), reason: given)
    }

    /// Approves a draft of the chain by the plant's policy, through the approval engine, and
    /// freezes it.
    func approve(_ db: any SQLConnection, by actor: Actor, id: String, approvers: Set<Position>, approvals: ApprovalEngine,
                 comment: String?) throws {
        try PermissionMatrix.require(actor, permission)
        guard approvers.contains(actor.position) else {
            throw FactoryError(.forbidden, reason: "not_an_approver",
                               "the plant's policy leaves \(noun) approval to \(approvers.map(\.rawValue).sorted().joined(separator: ", "))",
                               details: ["permission": permission.rawValue, "role": actor.position.rawValue])
        }
        guard let row = try db.queryOne("SELECT status FROM \(table) WHERE id = ?", id) else { throw FactoryError.notFound(table, id) }
        guard try row.word("status", as: SnapshotStatus.self) == .draft else {
            throw FactoryError.conflict("already_decided", "this \(noun) is approved already", details: ["snapshot_id": id])
        }
        let approval = try approvals.request(db, by: actor, type: approvalType, objectType: table, objectID: id, comment: comment)
        _ = try approvals.decide(db, by: actor, approval: approval.id, approve: true, comment: comment)
        guard try db.execute("UPDATE \(table) SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ? AND status = 'draft'",
                             actor.userID, approvals.audit.clock.now(), id) == 1 else {
            throw FactoryError.conflict("already_decided", "this \(noun) was approved a moment ago", details: ["snapshot_id": id])
        }
    }
}
