import FactoryCore

/// The grinder kiosk's service calls at a grinder post (FactoryCore's `GrinderPost`: the IN
/// scale, the OUT scale, the order type), turned into the kiosk's events.
struct ReworkDesk {
    let services: FactoryServices
    let actor: Actor
    let scale: Device
    let outScale: Device
    let orderType: ReworkOrderType
    let defaultVTSKU: String?

    static func find(_ services: FactoryServices, device: String?, outDevice: String?, actor: Actor) throws -> ReworkDesk {
        guard let device else {
            throw FactoryError.validation(field: "device", reason: "missing_field", "the grinder kiosk needs --device (its IN scale)")
        }
        let post = try services.database.read { try GrinderPost.find($0, rework: services.rework, scale: device, outScale: outDevice) }
        return ReworkDesk(services: services, actor: actor, scale: post.scale, outScale: post.outScale, orderType: post.orderType,
                          defaultVTSKU: post.defaultVTSKU)
    }

    /// The order left open at this line, if any: the grinder carries it on after a sign-out.
    func openOrder() throws -> ReworkKiosk.Order? {
        try services.database.read { try services.rework.openOrder($0, at: scale) }.map { order in
            ReworkKiosk.Order(id: order.id.text, inTotal: order.inTotal.decimalText,
                              containers: order.containers.map { .init(label: $0.label, net: $0.net.decimalText, sessions: 0, excess: nil) })
        }
    }

    /// A container in, on the order already open or on a new one, in one transaction.
    func takeIn(order: String?, seal: String?, packageQR: String?, tare: String) -> ReworkKiosk.Event {
        do {
            let tare = try TypedKilograms.parse(tare, field: "tare_kg")
            let (id, result, total) = try services.perform { db in
                try services.rework.takeIn(db, by: actor, orderOrNew: try order.map(Self.orderID), type: orderType,
                                           .init(sealNo: seal, device: scale.code, tare: tare, sourceQRCode: packageQR))
            }
            return .takenIn(orderID: id.text, inTotal: total.decimalText,
                            .init(label: seal ?? packageQR ?? "-", net: result.net.decimalText, sessions: Set(result.links.map(\.sessionID)).count,
                                  excess: result.excess.grams > 0 ? result.excess.decimalText : nil))
        } catch {
            return .refused(Failure(error))
        }
    }

    func takeOut(order: String, vtSKU: String) -> ReworkKiosk.Event {
        do {
            let id = try Self.orderID(order)
            let (result, input) = try services.perform { db in
                let input = try services.rework.inTotal(db, order: id)
                return (try services.rework.takeOut(db, by: actor, order: id, device: outScale.code, vtSKU: vtSKU), input)
            }
            return .closed(.init(out: result.out.decimalText, inTotal: input.decimalText, lossPercent: result.lossPct.map(PercentText.tenths),
                                 vtBatch: result.vtBatchNo, lossAboveLimit: result.lossPct.map { $0 > ReworkLoss.alertThreshold } ?? false))
        } catch {
            return .refused(Failure(error))
        }
    }

    func dispose(lot: String, tare: String, reason: String) -> ReworkKiosk.Event {
        do {
            let tare = try TypedKilograms.parse(tare, field: "tare_kg")
            let result = try services.perform { db in
                try services.rework.dispose(db, by: actor, session: try services.rework.session(db, lot: lot), device: scale.code,
                                            tare: tare, reason: reason)
            }
            return .disposed(lot: lot, net: result.net.decimalText)
        } catch {
            return .refused(Failure(error))
        }
    }

    static func orderID(_ text: String) throws -> ReworkService.OrderID {
        guard let id = ReworkService.OrderID(text) else { throw FactoryError.notFound("rework_order", text) }
        return id
    }

    func latest(on device: Device) -> LiveWeight? { LiveWeight.latest(of: device, in: services) }
}
