import FactoryCore
import HTTPTypes
import Hummingbird

/// Spec §11.6, M8: rework orders, IN per container, OUT into a VT batch, FIFO links, disposal.
struct ReworkRoutes {
    let api: FactoryAPI

    struct Open: Decodable { let type: String; let note: String? }
    struct Container: Decodable {
        let seal_no: String?
        let device_id: String
        let tare_kg: Kilograms
        let qr_code: String?
        let session_id: String?
    }
    struct In: Decodable { let containers: [Container] }
    struct Out: Decodable { let device_id: String; let vt_sku_id: String }
    struct Link: Decodable { let order_id: String; let session_id: String; let qty_kg: Kilograms }
    struct Dispose: Decodable { let session_id: String; let device_id: String; let tare_kg: Kilograms; let reason: String }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let rework = api.services.rework
        group.post("rework/orders", needs: .reworkOperate) { request, context in
            let body = try await request.decodeJSON(Open.self, context: context, limit: 16 * 1024)
            let type = try ReworkOrderType(parsing: body.type, field: "type")
            let id = try await api.write(as: context) { db, actor in try rework.open(db, by: actor, type: type, note: body.note) }
            return APIResponse(.created, ["id": .string(id.text), "type": .string(type.rawValue), "status": "opened"])
        }
        group.get("rework/orders", needs: .reworkOperate) { request, context in
            let status = try request.status(ReworkOrderStatus.self)
            let page = try request.page()
            let orders = try await api.read(as: context) { db, actor in try rework.orders(db, by: actor, status: status, page: page) }
            return APIResponse.page(orders.map {
                ["id": .string($0.id.text), "type": .string($0.type.rawValue), "status": .string($0.status.rawValue),
                 "opened_at": .string($0.openedAt.description), "in_kg": .string($0.inTotal.decimalText),
                 "out_kg": JSONValue.from($0.outTotal?.decimalText), "loss_pct": JSONValue.from($0.lossPct?.decimalText),
                 "note": JSONValue.from($0.notes)]
            }, page)
        }
        group.post("rework/orders/:id/in", needs: .reworkOperate) { request, context in
            let body = try await request.decodeJSON(In.self, context: context, limit: 64 * 1024)
            let order: ReworkService.OrderID = try context.pathID("id", "rework_order")
            let containers = try body.containers.map {
                ReworkService.Container(sealNo: $0.seal_no, device: $0.device_id, tare: $0.tare_kg.grams, sourceQRCode: $0.qr_code,
                                        sourceSession: try $0.session_id.map { try bodyID($0, "session") })
            }
            guard !containers.isEmpty else {
                throw FactoryError.validation(field: "containers", reason: "empty_value", "weigh at least one container")
            }
            let results = try await api.write(as: context) { db, actor in try containers.map { try rework.takeIn(db, by: actor, order: order, $0) } }
            return APIResponse(.created, ["containers": .array(results.map(\.json))])
        }
        group.post("rework/orders/:id/out", needs: .reworkOperate) { request, context in
            let body = try await request.decodeJSON(Out.self, context: context, limit: 16 * 1024)
            let order: ReworkService.OrderID = try context.pathID("id", "rework_order")
            let out = try await api.write(as: context) { db, actor in
                try rework.takeOut(db, by: actor, order: order, device: body.device_id, vtSKU: body.vt_sku_id)
            }
            return APIResponse(.created, ["out_kg": .string(out.out.decimalText), "loss_pct": JSONValue.from(out.lossPct?.decimalText),
                                          "vt_batch_id": .string(out.vtBatchID), "stock_txn_id": .string(out.stockTxnID),
                                          "vt_batch_no": .string(out.vtBatchNo)])
        }
        group.post("rework/fifo-link", needs: .reworkFIFOLink) { request, context in
            let body = try await request.decodeJSON(Link.self, context: context, limit: 16 * 1024)
            let order: ReworkService.OrderID = try bodyID(body.order_id, "rework_order")
            let session: Session.ID = try bodyID(body.session_id, "session")
            let links = try await api.write(as: context) { db, actor in
                try rework.link(db, by: actor, order: order, session: session, quantity: body.qty_kg.grams)
            }
            return APIResponse(.created, ["links": .array(links.map(\.json))])
        }
        group.post("rework/dispose", needs: .reworkDispose) { request, context in
            let body = try await request.decodeJSON(Dispose.self, context: context, limit: 16 * 1024)
            let session: Session.ID = try bodyID(body.session_id, "session")
            let result = try await api.write(as: context) { db, actor in
                try rework.dispose(db, by: actor, session: session, device: body.device_id, tare: body.tare_kg.grams, reason: body.reason)
            }
            return APIResponse(.created, result.json)
        }
    }
}
