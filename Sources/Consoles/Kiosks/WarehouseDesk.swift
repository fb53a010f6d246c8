import Foundation
import FactoryCore

/// The warehouse wizard's service calls at one scale, turned into the kiosk's events. The
/// scale's store decides what the wizard offers: MAIN ships and receives returns, SHOP
/// receives shipments and returns to MAIN.
struct WarehouseDesk {
    let services: FactoryServices
    let actor: Actor
    let scale: Device
    let location: LocationKind

    static func find(_ services: FactoryServices, device: String?, actor: Actor) throws -> WarehouseDesk {
        guard let device else {
            throw FactoryError.validation(field: "device", reason: "missing_field", "the warehouse kiosk needs --device (its MAIN or SHOP scale)")
        }
        let scale = try services.database.read { try Device.find($0, device) }
        guard let location = scale.location, location == .main || location == .shop, scale.type == .scale else {
            throw FactoryError.validation(field: "device", reason: "not_a_store_scale", "\(scale.code) is not a MAIN or SHOP scale")
        }
        return WarehouseDesk(services: services, actor: actor, scale: scale, location: location)
    }

    var operations: [WarehouseKiosk.Operation] { location == .main ? [.ship, .receive, .intake] : [.receive, .returnToMain, .snapshot] }
    var place: String { "\(location.rawValue) · \(scale.code)" }

    func batches(_ operation: WarehouseKiosk.Operation, material: String) -> WarehouseKiosk.Event {
        do {
            let batches = try services.database.read { try services.stock.batches($0, at: location, material: material) }
            return .batches(operation, material: material, batches.map { .init(batchNo: $0.batchNo, available: $0.available.decimalText) })
        } catch {
            return .refused(Failure(error))
        }
    }

    /// One bag of a supplier's delivery, weighed on this MAIN scale and booked into MAIN.
    func intake(material: String, batchNo: String) -> WarehouseKiosk.Event {
        do {
            let weight = try services.perform { db in
                try services.stock.receiveIntoMain(db, by: actor, StockService.WeighLine(material: material, batchNo: batchNo, device: scale.code))
            }
            return .taken(.init(transferID: "", material: material, batchNo: batchNo, weight: weight.gross.decimalText))
        } catch {
            return .refused(Failure(error))
        }
    }

    /// One weighed line, in transit from here: onto the shipment under way, or opening one.
    func ship(_ operation: WarehouseKiosk.Operation, material: String, batchNo: String, onto shipment: String?) -> WarehouseKiosk.Event {
        do {
            let line = StockService.WeighLine(material: material, batchNo: batchNo, device: scale.code)
            let onto = try shipment.map { text in
                guard let id = Transfer.ID(text) else { throw FactoryError.notFound("transfer", text) }
                return id
            }
            let (transfer, added) = try services.perform { db in
                try services.stock.shipLine(db, by: actor, direction: operation == .ship ? .mainToShop : .shopToMain, onto: onto, line)
            }
            let total = transfer.lines.reduce(Grams(0)) { $0 + $1.sent }
            return .shipped(operation, .init(transferID: transfer.id.text, lineID: added.id, material: added.material, batchNo: added.batchNo,
                                             weight: added.sent.decimalText),
                            .init(transferID: transfer.id.text, lines: transfer.lines.count, total: total.decimalText))
        } catch {
            return .refused(Failure(error))
        }
    }

    /// The shipment this person left open here, if any: the header shows it again and the next
    /// load joins it.
    func openShipment() throws -> WarehouseKiosk.Shipment? {
        try services.database.read { try services.stock.openShipment($0, by: actor, from: location, at: services.clock.now()) }.map { transfer in
            .init(transferID: transfer.id.text, lines: transfer.lines.count, total: transfer.lines.reduce(Grams(0)) { $0 + $1.sent }.decimalText)
        }
    }

    /// The lines on their way here still to be weighed in, shipment by shipment.
    func transfers() -> WarehouseKiosk.Event {
        do {
            let transfers = try services.database.read { try services.stock.inTransit($0, by: actor, to: location) }
            return .transfers(transfers.flatMap { transfer in
                transfer.lines.filter { $0.received == nil }.map {
                    .init(transferID: transfer.id.text, lineID: $0.id, material: $0.material, batchNo: $0.batchNo, weight: $0.sent.decimalText)
                }
            })
        } catch {
            return .refused(Failure(error))
        }
    }

    /// One line weighed in on this scale; the shipment completes with its last line. A weight
    /// beyond the difference limit comes back to be confirmed (B17) before anything is booked.
    func receive(_ transferID: String, line lineID: String, acceptDifference: Bool) -> WarehouseKiosk.Event {
        do {
            guard let id = Transfer.ID(transferID) else { throw FactoryError.notFound("transfer", transferID) }
            let transfer = try services.perform {
                try services.stock.receiveLine($0, by: actor, transfer: id, line: lineID, device: scale.code, acceptDifference: acceptDifference)
            }
            guard let line = transfer.lines.first(where: { $0.id == lineID }) else { throw FactoryError.notFound("transfer_line", lineID) }
            let received = line.received ?? line.sent
            let read = WarehouseKiosk.Line(transferID: transferID, lineID: lineID, material: line.material, batchNo: line.batchNo,
                                           weight: received.decimalText)
            let weighed = TransferDifference(sent: line.sent, received: received)
            return .received(read, weighed.difference == .zero ? nil : difference(weighed))
        } catch let error as FactoryError where error.reason == "transfer_difference" {
            guard let sent = error.details["sent_kg"].flatMap({ try? Grams(parsing: $0) }),
                  let received = error.details["received_kg"].flatMap({ try? Grams(parsing: $0) }) else { return .refused(Failure(error)) }
            let line = WarehouseKiosk.Line(transferID: transferID, lineID: lineID, material: error.details["material"] ?? "",
                                           batchNo: error.details["batch_no"] ?? "", weight: received.decimalText)
            return .differs(line, difference(TransferDifference(sent: sent, received: received)))
        } catch {
            return .refused(Failure(error))
        }
    }

    private func difference(_ weighed: TransferDifference) -> WarehouseKiosk.Difference {
        let limit = services.stock.differenceLimit
        let percent = weighed.percent ?? .hundred
        return .init(sent: weighed.sent.decimalText, received: weighed.received.decimalText, difference: weighed.difference.decimalText.replacingOccurrences(of: "-", with: "−"),
                     percent: PercentText.signed(percent.magnitude, below: percent.units < 0), limit: PercentText.limit(limit),
                     beyond: weighed.exceeds(limit))
    }

    /// The store's batches with their book quantity, then the batches at the running sessions'
    /// lines with what was fed, for the end-of-shift count.
    func grid() -> WarehouseKiosk.Event {
        do {
            let (items, lines) = try services.database.read { db in
                (try services.stock.items(db, by: actor, location: location, page: try Page(number: 1, size: 200)),
                 location == .shop ? try services.stock.wipLines(db, by: actor) : [])
            }
            let store = items.filter { $0.itemType == .material && $0.batchNo != nil }.map {
                WarehouseKiosk.Count(material: $0.code, batchNo: $0.batchNo ?? "", book: $0.quantity.decimalText)
            }
            let wip = lines.map {
                WarehouseKiosk.Count(material: $0.material, batchNo: $0.batchNo, book: $0.fed.decimalText, session: $0.session.text,
                                     line: "\($0.workcenter) · \($0.lot)")
            }
            return .grid(store + wip)
        } catch {
            return .refused(Failure(error))
        }
    }

    /// Counts one row for the shift under way: on the scale, or as nothing left (0 kg, no reading).
    func count(_ key: WarehouseKiosk.CountKey, weighed: Bool) -> WarehouseKiosk.Event {
        do {
            let session = try key.session.map { text in
                guard let id = Session.ID(text) else { throw FactoryError.notFound("session", text) }
                return id
            }
            let lines = try services.perform { db in
                try services.stock.snapshot(db, by: actor, shift: services.calendar.shift(at: services.clock.now()),
                                            items: [.init(material: key.material, batchNo: key.batchNo, device: weighed ? scale.code : nil,
                                                          session: session)])
            }
            guard let line = lines.first else { throw FactoryError.unavailable("snapshot_empty", "the count recorded no line") }
            return .counted(key, counted: line.counted.decimalText, variance: line.variance?.decimalText)
        } catch {
            return .refused(Failure(error))
        }
    }

    func latest() -> LiveWeight? { LiveWeight.latest(of: scale, in: services) }
}
