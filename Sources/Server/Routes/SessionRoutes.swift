import FactoryCore
import HTTPTypes
import Hummingbird

/// Spec §11.4, M3 and M7: sessions, their inputs, scrap and WIP, the balance, close,
/// investigate and the three-step re-open.
struct SessionRoutes {
    let api: FactoryAPI

    struct Start: Decodable { let workcenter_id: String; let sku_id: String; let partiya_no: String; let shift: String; let operators: [String] }
    struct Reason: Decodable { let reason: String }

    struct Scrap: Decodable { let device_id: String; let tare_kg: Kilograms; let seal_no: String? }
    struct RecipeChange: Decodable { let version: Int64; let reason: String }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let sessions = api.services.sessions
        let balance = api.services.balance
        let approvals = api.services.approvals
        group.post("sessions", needs: .sessionStart) { request, context in
            let body = try await request.decodeJSON(Start.self, context: context, limit: 16 * 1024)
            let start = SessionService.Start(workcenter: body.workcenter_id, sku: body.sku_id, partiyaNo: body.partiya_no,
                                             shift: try Shift(parsing: body.shift, field: "shift"), operators: body.operators)
            return APIResponse(.created, try await api.write(as: context) { db, actor in try sessions.start(db, by: actor, start) }.json)
        }
        group.get("sessions", needs: .sessionView) { request, context in
            let status = try request.status(SessionStatus.self)
            let (workcenter, page) = (request.query("workcenter_id"), try request.page())
            let list = try await api.read(as: context) { db, actor in
                try sessions.list(db, by: actor, status: status, workcenter: workcenter, page: page)
            }
            return APIResponse.page(list.map(\.json), page)
        }
        group.get("sessions/:id", needs: .sessionView) { _, context in
            let id: Session.ID = try context.pathID("id", "session")
            return APIResponse(.ok, try await api.read(as: context) { db, actor in
                try PermissionMatrix.require(actor, .sessionView)
                return try Session.load(db, id)
            }.json)
        }
        group.patch("sessions/:id/pause", needs: .sessionPauseResume) { request, context in
            let body = try await request.decodeJSON(Reason.self, context: context, limit: 16 * 1024)
            let id: Session.ID = try context.pathID("id", "session")
            return APIResponse(.ok, try await api.write(as: context) { db, actor in
                try sessions.pause(db, by: actor, session: id, reason: body.reason)
            }.json)
        }
        group.patch("sessions/:id/resume", needs: .sessionPauseResume) { _, context in
            let id: Session.ID = try context.pathID("id", "session")
            return APIResponse(.ok, try await api.write(as: context) { db, actor in try sessions.resume(db, by: actor, session: id) }.json)
        }
        group.patch("sessions/:id/close", needs: .sessionClose) { _, context in
            let id: Session.ID = try context.pathID("id", "session")
            let preview = try await api.write(as: context) { db, actor in try balance.close(db, by: actor, session: id) }
            var body = preview.json.objectFields
            body["status"] = "closed"
            return APIResponse(.ok, .object(body))
        }
        group.get("sessions/:id/balance/preview", needs: .sessionView) { _, context in
            let id: Session.ID = try context.pathID("id", "session")
            return APIResponse(.ok, try await api.read(as: context) { db, actor in try balance.preview(db, by: actor, session: id) }.json)
        }
        group.get("sessions/:id/investigate", needs: .sessionView) { _, context in
            let id: Session.ID = try context.pathID("id", "session")
            let found = try await api.read(as: context) { db, actor in try balance.investigate(db, by: actor, session: id) }
            func inputs(_ list: [Investigation.Input]) -> JSONValue {
                .array(list.map { ["material": .string($0.material), "qty_kg": .string($0.quantity.decimalText), "at": .string($0.at.description)] })
            }
            return APIResponse(.ok, [
                "balance": BalanceService.Preview(balance: found.balance, pendingPackages: found.pendingPackages).json,
                "inputs": inputs(found.inputs), "snapshots": inputs(found.wip),
                "packages": .array(found.packages.map {
                    ["qr_code": .string($0.qrCode), "status": .string($0.status.rawValue), "weight_kg": .string($0.weight.decimalText),
                     "weight_trusted": .bool($0.weightTrusted), "scale_event_id": JSONValue.from($0.scaleEventID)]
                }),
                "scrap": .array(found.scrap.map {
                    ["source": .string($0.source.rawValue), "seal_no": JSONValue.from($0.sealNo), "net_kg": .string($0.net.decimalText),
                     "linked_kg": .string($0.linked.decimalText)]
                }),
            ])
        }
        group.post("sessions/:id/reopen", needs: .sessionReopenRequest) { request, context in
            let body = try await request.decodeJSON(Reason.self, context: context, limit: 16 * 1024)
            let id: Session.ID = try context.pathID("id", "session")
            let approval = try await api.write(as: context) { db, actor in
                try balance.requestReopen(db, by: actor, approvals: approvals, session: id, reason: body.reason)
            }
            return APIResponse(.accepted, ["approval_id": .string(approval.id.text), "approval": approval.json])
        }
        group.post("sessions/:id/inputs", needs: .stockIssueToSession) { request, context in
            let body = try await request.decodeJSON(StockLineBody.self, context: context, limit: 16 * 1024)
            let id: Session.ID = try context.pathID("id", "session")
            let line = try body.line()
            let result = try await api.write(as: context) { db, actor in try sessions.addInput(db, by: actor, session: id, line) }
            return APIResponse(.created, ["qty_kg": .string(result.quantity.decimalText), "vt_share_pct": .string(result.vtShare.decimalText),
                                          "vt_gate_id": JSONValue.from(result.vtGate?.text), "session": result.session.json,
                                          "approval_id": JSONValue.from(result.approvalID?.text)])
        }
        group.post("sessions/:id/scrap", needs: .scrapRecord) { request, context in
            let body = try await request.decodeJSON(Scrap.self, context: context, limit: 16 * 1024)
            let id: Session.ID = try context.pathID("id", "session")
            let net = try await api.write(as: context) { db, actor in
                try balance.recordScrap(db, by: actor, session: id, device: body.device_id, tare: body.tare_kg.grams, sealNo: body.seal_no)
            }
            return APIResponse(.created, ["net_kg": .string(net.decimalText)])
        }
        group.post("sessions/:id/recipe-change", needs: .sessionStart) { request, context in
            let body = try await request.decodeJSON(RecipeChange.self, context: context, limit: 16 * 1024)
            let id: Session.ID = try context.pathID("id", "session")
            let approval = try await api.write(as: context) { db, actor in
                try sessions.requestRecipeChange(db, by: actor, approvals: approvals, session: id, version: body.version, reason: body.reason)
            }
            return APIResponse(.accepted, ["approval_id": .string(approval.id.text), "approval": approval.json])
        }
    }
}
