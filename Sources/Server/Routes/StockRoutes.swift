import FactoryCore
import HTTPTypes
import Hummingbird

/// Spec §11.3, M1/M2: every weight is bound server-side from the named scale; a client never
/// sends a stock weight (STRICT_RS_ONLY, DECISIONS B6).
struct StockRoutes {
    let api: FactoryAPI

    struct Line: Decodable { let material_id: String; let batch_no: String; let device_id: String }
    struct Shipment: Decodable { let lines: [Line]; let comment: String?; let request_id: String? }
    struct Receive: Decodable {
        let device_id: String?
        /// Per line id, when the lines go on different scales.
        let lines: [String: String]?
        /// The receiver saw a difference beyond TRANSFER_DIFF_ALERT_PCT and accepts it (B17).
        let accept_difference: Bool?
    }
    struct LineReceipt: Decodable { let device_id: String; let accept_difference: Bool? }
    struct SnapshotItem: Decodable { let material_id: String; let batch_no: String; let device_id: String?; let session_id: String? }
    struct Snapshot: Decodable { let items: [SnapshotItem]; let shift: String }
    struct RequestLine: Decodable { let material_id: String; let planned_kg: Kilograms }
    struct ShopRequestBody: Decodable { let lines: [RequestLine]; let note: String? }
    struct Cancel: Decodable { let reason: String }


    func add(to group: RouterGroup<FactoryRequestContext>) {
        let stock = api.services.stock
        group.post("stock/main/receive", needs: .stockShipMainToShop) { request, context in
            let body = try await request.decodeJSON(StockLineBody.self, context: context, limit: 16 * 1024)
            let line = try body.line()
            let weighed = try await api.write(as: context) { db, actor in try stock.receiveIntoMain(db, by: actor, line, supplier: body.supplier) }
            return APIResponse(.created, ["material": .string(body.material_id), "batch_no": .string(body.batch_no),
                                          "qty_kg": .string(weighed.gross.decimalText), "weight_trusted": .bool(weighed.trusted),
                                          "approval_id": JSONValue.from(weighed.approvalID?.text)])
        }
        group.post("stock/transfers/main-to-shop", needs: .stockShipMainToShop) { request, context in
            try await ship(request, context, direction: .mainToShop)
        }
        group.post("stock/transfers/shop-to-main", needs: .stockReturnShopToMain) { request, context in
            try await ship(request, context, direction: .shopToMain)
        }
        group.post("stock/transfers/:transfer_id/receive", needs: .stockReceiveTransfer) { request, context in
            let body = try await request.decodeJSON(Receive.self, context: context, limit: 64 * 1024)
            var devices = body.lines ?? [:]
            if let device = body.device_id { devices["*"] = device }
            let id: Transfer.ID = try context.pathID("transfer_id", "transfer")
            let transfer = try await api.write(as: context) { [devices] db, actor in
                try stock.receive(db, by: actor, transfer: id, devices: devices, acceptDifference: body.accept_difference ?? false)
            }
            return APIResponse(.ok, transfer.json)
        }
        // The next load on the same scale joins the shipment under way, until its first receipt.
        group.post("stock/transfers/:transfer_id/lines", needsOneOf: [.stockShipMainToShop, .stockReturnShopToMain]) { request, context in
            let body = try await request.decodeJSON(Line.self, context: context, limit: 16 * 1024)
            let line = StockService.WeighLine(material: body.material_id, batchNo: body.batch_no, device: body.device_id)
            let id: Transfer.ID = try context.pathID("transfer_id", "transfer")
            let (transfer, added) = try await api.write(as: context) { db, actor in try stock.addLine(db, by: actor, transfer: id, line) }
            return APIResponse(.created, transfer.json(added: added.id))
        }
        // One line weighed in on its own scale; the last one completes the shipment.
        group.post("stock/transfers/:transfer_id/lines/:line_id/receive", needs: .stockReceiveTransfer) { request, context in
            let body = try await request.decodeJSON(LineReceipt.self, context: context, limit: 16 * 1024)
            let id: Transfer.ID = try context.pathID("transfer_id", "transfer")
            let lineID = try context.path("line_id")
            let transfer = try await api.write(as: context) { db, actor in
                try stock.receiveLine(db, by: actor, transfer: id, line: lineID, device: body.device_id,
                                      acceptDifference: body.accept_difference ?? false)
            }
            return APIResponse(.ok, transfer.json)
        }
        group.post("stock/shop/snapshot", needs: .stockShopSnapshot) { request, context in
            let body = try await request.decodeJSON(Snapshot.self, context: context, limit: 64 * 1024)
            let shift = try Shift(parsing: body.shift, field: "shift")
            let items = try body.items.map { item in
                StockService.SnapshotItem(material: item.material_id, batchNo: item.batch_no, device: item.device_id,
                                          session: try item.session_id.map { try bodyID($0, "session") })
            }
            let lines = try await api.write(as: context) { db, actor in try stock.snapshot(db, by: actor, shift: shift, items: items) }
            return APIResponse(.created, ["items": .array(lines.map { line in
                ["stock_txn_id": .string(line.txnID), "shift": .string(line.shiftKey), "material": .string(line.material),
                 "batch_no": .string(line.batchNo), "session_id": JSONValue.from(line.session?.text), "qty_kg": .string(line.counted.decimalText),
                 "variance_kg": JSONValue.from(line.variance?.decimalText)]
            })])
        }
        group.post("stock/requests", needs: .stockRequest) { request, context in
            let body = try await request.decodeJSON(ShopRequestBody.self, context: context, limit: 64 * 1024)
            let lines = body.lines.map { ShopRequest.Line(material: $0.material_id, planned: $0.planned_kg.grams) }
            let created = try await api.write(as: context) { db, actor in try stock.request(db, by: actor, lines: lines, note: body.note) }
            return APIResponse(.created, created.json)
        }
        group.get("stock/requests", needs: .stockView) { _, context in
            return APIResponse(.ok, ["items": .array(try await api.read(as: context) { db, actor in
                try stock.openRequests(db, by: actor)
            }.map(\.json))])
        }
        group.post("stock/requests/:id/cancel", needs: .stockRequest) { request, context in
            let body = try await request.decodeJSON(Cancel.self, context: context, limit: 16 * 1024)
            let id: ShopRequest.ID = try context.pathID("id", "shop_request")
            return APIResponse(.ok, try await api.write(as: context) { db, actor in
                try stock.cancelRequest(db, by: actor, request: id, reason: body.reason)
            }.json)
        }
        group.get("stock/locations", needs: .stockView) { _, context in
            let locations = try await api.read(as: context) { db, actor in try stock.locations(db, by: actor) }
            return APIResponse(.ok, ["items": .array(locations.map {
                ["id": .string($0.id), "code": .string($0.code), "kind": .string($0.kind.rawValue), "name": .string($0.name)]
            })])
        }
        group.get("stock/items", needs: .stockView) { request, context in
            let location = try request.query("location").map { try LocationKind(parsing: $0, field: "location") }
            let page = try request.page()
            let items = try await api.read(as: context) { db, actor in try stock.items(db, by: actor, location: location, page: page) }
            return APIResponse.page(items.map {
                ["location": .string($0.location), "item_type": .string($0.itemType.rawValue), "code": .string($0.code),
                 "batch_no": JSONValue.from($0.batchNo), "qty_kg": .string($0.quantity.decimalText),
                 "degaz_status": JSONValue.from($0.degazStatus?.rawValue)]
            }, page)
        }
    }

    private func ship(_ request: Request, _ context: FactoryRequestContext, direction: TransferDirection) async throws -> APIResponse {
        let body = try await request.decodeJSON(Shipment.self, context: context, limit: 64 * 1024)
        let lines = body.lines.map { StockService.WeighLine(material: $0.material_id, batchNo: $0.batch_no, device: $0.device_id) }
        let requestID: ShopRequest.ID? = try body.request_id.map { try bodyID($0, "shop_request") }
        let stock = api.services.stock
        let transfer = try await api.write(as: context) { db, actor in
            try stock.ship(db, by: actor, direction: direction, lines: lines, comment: body.comment, request: requestID)
        }
        return APIResponse(.created, transfer.json)
    }
}
