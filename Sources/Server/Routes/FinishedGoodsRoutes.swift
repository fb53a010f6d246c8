import FactoryCore
import HTTPTypes
import Hummingbird

/// Spec §11.7, M9: receiving by QR behind its gates, holds and their release, degassing.
struct FinishedGoodsRoutes {
    let api: FactoryAPI

    struct Receive: Decodable { let qr_code: String; let location_id: String? }
    struct Release: Decodable { let qr_code: String; let reason: String }
    struct Degassing: Decodable { let qr_code: String?; let partiya_no: String? }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let fg = api.services.finishedGoods
        group.post("fg/receive", needs: .fgReceive) { request, context in
            let body = try await request.decodeJSON(Receive.self, context: context, limit: 16 * 1024)
            let package = try await api.write(as: context) { db, actor in
                try fg.receive(db, by: actor, scanned: body.qr_code, location: body.location_id ?? "FG")
            }
            return APIResponse(.ok, package.json)
        }
        group.post("fg/onhold/release", needs: .fgOnHoldRelease) { request, context in
            let body = try await request.decodeJSON(Release.self, context: context, limit: 16 * 1024)
            let released = try await api.write(as: context) { db, actor in try fg.release(db, by: actor, qrCode: body.qr_code, reason: body.reason) }
            return APIResponse(.ok, ["qr_code": .string(body.qr_code), "released": .int(Int64(released))])
        }
        group.get("fg/items", needs: .fgView) { request, context in
            let (lot, sku, page) = (request.query("partiya_no"), request.query("sku_id"), try request.page())
            let items = try await api.read(as: context) { db, actor in try fg.items(db, by: actor, lot: lot, sku: sku, page: page) }
            return APIResponse.page(items.map(\.json), page)
        }
        group.get("fg/onhold", needs: .fgView) { request, context in
            let page = try request.page()
            let holds = try await api.read(as: context) { db, actor in try fg.holds(db, by: actor, page: page) }
            return APIResponse.page(holds.map {
                ["id": .string($0.id), "qr_code": .string($0.qrCode), "gate": JSONValue.from($0.gate?.rawValue),
                 "reason_code": .string($0.reasonCode), "reason": .string($0.reason), "created_at": .string($0.createdAt.description)]
            }, page)
        }
        group.post("degassing/done", needs: .degassingSetDone) { request, context in
            let body = try await request.decodeJSON(Degassing.self, context: context, limit: 16 * 1024)
            let done: [Package]
            switch (body.qr_code, body.partiya_no) {
            case (let qr?, nil): done = [try await api.write(as: context) { db, actor in try fg.setDegassingDone(db, by: actor, qrCode: qr) }]
            case (nil, let lot?): done = try await api.write(as: context) { db, actor in try fg.setDegassingDone(db, by: actor, lot: lot) }
            default: throw FactoryError.validation(field: "body", reason: "one_target", "send qr_code or partiya_no")
            }
            return APIResponse(.ok, ["items": .array(done.map(\.json))])
        }
    }
}
