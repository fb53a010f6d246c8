import FactoryCore
import HTTPTypes
import Hummingbird

/// Spec §11.10, M12–M15: gates, approvals, the signed audit trail and the live session panel.
struct ControlRoutes {
    let api: FactoryAPI

    struct Release: Decodable { let note: String }
    struct Decision: Decodable { let comment: String? }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let services = api.services
        group.get("gates", needs: .dashboardView) { request, context in
            let (object, openOnly, page) = (request.query("session_id") ?? request.query("object_id"), request.query("open") == "true",
                                            try request.page())
            let gates = try await api.read(as: context) { db, actor in
                try services.gates.list(db, by: actor, objectID: object, openOnly: openOnly, page: page)
            }
            return APIResponse.page(gates.map(\.json), page)
        }
        group.post("gates/:gate_id/release", needsOneOf: GateLog.anyReleasePermission) { request, context in
            let body = try await request.decodeJSON(Release.self, context: context, limit: 16 * 1024)
            let id: GateRecord.ID = try context.pathID("gate_id", "gate")
            return APIResponse(.ok, try await api.write(as: context) { db, actor in
                try services.releaseGate(db, by: actor, gate: id, note: body.note)
            }.json)
        }
        group.get("approvals", needs: .dashboardView) { request, context in
            let type = try request.query("type").map { try ApprovalType(parsing: $0, field: "type") }
            let pending = try await api.read(as: context) { db, actor in
                try PermissionMatrix.require(actor, .dashboardView)
                return try services.approvals.pending(db, type: type)
            }
            return APIResponse(.ok, ["items": .array(pending.map(\.json))])
        }
        for (verb, approve) in [("approve", true), ("reject", false)] {
            // `:key` is an approval id here and an approval type below: the router needs one name per position.
            group.post(RouterPath("approvals/:key/\(verb)"), needsOneOf: ApprovalPolicy.everyStep) { request, context in
                let body = try await request.decodeJSON(Decision.self, context: context, limit: 16 * 1024)
                let id: Approval.ID = try context.pathID("key", "approval")
                return APIResponse(.ok, try await api.write(as: context) { db, actor in
                    try services.decideApproval(db, by: actor, approval: id, approve: approve, comment: body.comment)
                }.json)
            }
            group.post(RouterPath("approvals/:key/:object_id/\(verb)"), needsOneOf: ApprovalPolicy.everyStep) { request, context in
                let body = try await request.decodeJSON(Decision.self, context: context, limit: 16 * 1024)
                let type = try ApprovalType(parsing: try context.path("key"), field: "type")
                let object = try context.path("object_id")
                return APIResponse(.ok, try await api.write(as: context) { db, actor in
                    let id = try services.pendingApproval(db, type: type, objectID: object)
                    return try services.decideApproval(db, by: actor, approval: id, approve: approve, comment: body.comment)
                }.json)
            }
        }
        group.get("audit", needs: .auditView) { request, context in
            let (type, object) = (request.query("object_type"), request.query("object_id"))
            let (from, to, page) = (try request.queryTimestamp("from"), try request.queryTimestamp("to"), try request.page())
            let rows = try await api.read(as: context) { db, actor in
                try services.audit.list(db, by: actor, objectType: type, objectID: object, from: from, to: to, page: page)
            }
            return APIResponse.page(rows.map {
                ["seq": .int($0.seq), "ts": .string($0.ts.description), "actor_id": JSONValue.from($0.actorID), "role": JSONValue.from($0.role),
                 "action": .string($0.action), "object_type": .string($0.objectType), "object_id": JSONValue.from($0.objectID),
                 "diff": $0.diff, "sig_hash": .string($0.sigHash)]
            }, page)
        }
        group.get("dash/session-live", needs: .dashboardView) { request, context in
            let workcenter = request.query("workcenter_id")
            let page = try Page(number: 1, size: 200)
            let live = try await api.read(as: context) { db, actor in
                // A paused session (the VT gate, a break) still holds its line and its balance: it stays on the board.
                let running = try [SessionStatus.opened, .paused].flatMap {
                    try services.sessions.list(db, by: actor, status: $0, workcenter: workcenter, page: page)
                }.sorted { $0.startedAt < $1.startedAt }
                return try running.map { session in
                    (session, try services.balance.preview(db, by: actor, session: session.id),
                     try services.gates.openGates(db, on: AuditObject("session", session.id)))
                }
            }
            return APIResponse(.ok, ["items": .array(live.map { session, preview, gates in
                ["session": session.json, "balance": preview.json, "open_gates": .array(gates.map(\.json))]
            })])
        }
    }
}
