import FactoryCore

/// The FG kiosk's one service call, turned into the kiosk's events.
struct FGDesk {
    let services: FactoryServices
    let actor: Actor

    func receive(_ scanned: String) -> FGScannerKiosk.Event {
        do {
            let package = try services.perform { try services.finishedGoods.receive($0, by: actor, scanned: scanned) }
            let lot = try? services.database.read { try Session.load($0, package.sessionID).partiyaNo }
            return .received(.init(qrCode: package.qrCode, sku: package.sku, weight: package.weight.decimalText, lot: lot))
        } catch {
            return .refused(Failure(error), qrCode: scanned)
        }
    }
}
