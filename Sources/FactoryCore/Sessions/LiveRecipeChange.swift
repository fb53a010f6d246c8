import Foundation

/// Changing the recipe of a running session (DIGEST §3 approvals): requested on the floor,
/// effective only once the technologist approves; the session's frozen recipe is then replaced.
extension SessionService {
    public func requestRecipeChange(_ db: any SQLConnection, by actor: Actor, approvals: ApprovalEngine, session id: Session.ID,
                                    version: Int64, reason: String) throws -> Approval {
        try PermissionMatrix.require(actor, .sessionStart)
        try RequiredReason.check(reason, "say why the recipe must change")
        let session = try Session.load(db, id)
        guard session.status != .closed else {
            throw FactoryError.conflict("session_closed", "a closed session keeps its recipe")
        }
        let target = try recipe(db, session: id, version: version)
        guard target.version != session.recipe.version else {
            throw FactoryError.conflict("same_recipe", "the session already runs version \(version)")
        }
        return try approvals.request(db, by: actor, type: .liveRecipeChange, objectType: "session", objectID: id.text,
                                     payload: ["version": .int(version)], comment: reason)
    }

    public func decideRecipeChange(_ db: any SQLConnection, by actor: Actor, approvals: ApprovalEngine, approval id: Approval.ID,
                                   approve: Bool, comment: String?) throws -> Session {
        let pending = try approvals.find(db, id)
        guard pending.type == .liveRecipeChange, let sessionID = Session.ID(pending.objectID),
              case .int(let version)? = pending.payload.objectFields["version"] else {
            throw FactoryError.validation(field: "approval_id", reason: "not_a_recipe_change", "this approval is not a recipe change")
        }
        let approval = try approvals.decide(db, by: actor, approval: id, approve: approve, comment: comment)
        let before = try Session.load(db, sessionID)
        guard approval.state == .approved else { return before }
        let target = try recipe(db, session: sessionID, version: version)
        try db.execute("UPDATE sessions SET recipe_id = ?, recipe_snapshot_json = ? WHERE id = ?",
                       target.recipeID, target.json.canonicalText, sessionID)
        try audit.record(db, by: .user(actor), action: "session.recipe_changed", object: AuditObject("session", sessionID),
                         old: before.recipe.json, new: target.json)
        return try Session.load(db, sessionID)
    }

    /// The published versions of the session's SKU other than the one it runs, newest first:
    /// what a live change may ask for.
    public func recipeVersions(_ db: any SQLConnection, session id: Session.ID) throws -> [Int64] {
        let session = try Session.load(db, id)
        return try db.query("""
            SELECT r.version FROM recipes r JOIN sessions s ON s.sku_id = r.sku_id
            WHERE s.id = ? AND r.status = 'published' AND r.version <> ? ORDER BY r.version DESC
            """, id, session.recipe.version).map { try $0.int("version") }
    }

    /// A published recipe of the session's SKU.
    private func recipe(_ db: any SQLConnection, session id: Session.ID, version: Int64) throws -> RecipeSnapshot {
        guard let row = try db.queryOne("""
            SELECT k.id, k.code FROM sessions s JOIN skus k ON k.id = s.sku_id WHERE s.id = ?
            """, id) else { throw FactoryError.notFound("session", id.text) }
        let snapshot = try RecipeSnapshot.published(db, skuID: try row.string("id"), skuCode: try row.string("code"), version: version)
        return snapshot
    }
}
