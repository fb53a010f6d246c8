import FactoryCore

/// The grinder kiosk's service calls, turned into the kiosk's events. The IN scale is the
/// station's own (`--device`); the OUT scale is the line's other one unless `--out-device` names it.
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
        return try services.database.read { db in
            let scale = try Device.find(db, device)
            let type = try services.rework.orderType(db, line: scale)
            let out: Device
            if let outDevice {
                out = try Device.find(db, outDevice)
            } else {
                out = try Device.all(db).first { $0.type == .scale && $0.active && $0.workcenterID == scale.workcenterID && $0.id != scale.id } ?? scale
            }
            return ReworkDesk(services: services, actor: actor, scale: scale, outScale: out, orderType: type,
                              defaultVTSKU: try services.rework.vtSKUs(db).first)
        }
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
                let id = try order.map(Self.orderID) ?? services.rework.open(db, by: actor, type: orderType)
                let result = try services.rework.takeIn(db, by: actor, order: id,
                                                        .init(sealNo: seal, device: scale.code, tare: tare, sourceQRCode: packageQR))
                return (id, result, try services.rework.inTotal(db, order: id))
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
