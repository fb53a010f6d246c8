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

    /// What the warehouse holds, newest first, with each package's lot and production day.
    func list() -> FGScannerKiosk.Event {
        do {
            let rows = try services.database.read { db in
                let packages = try services.finishedGoods.items(db, by: actor, lot: nil, sku: nil, page: try Page(number: 1, size: 200))
                var lots: [Session.ID: String] = [:]
                return try packages.map { package in
                    if lots[package.sessionID] == nil { lots[package.sessionID] = try Session.load(db, package.sessionID).partiyaNo }
                    return FGScannerKiosk.Row(qrCode: package.qrCode, lot: lots[package.sessionID] ?? "-", sku: package.sku,
                                              weight: package.weight.decimalText, day: services.calendar.day(of: package.createdAt))
                }
            }
            return .list(rows)
        } catch {
            return .refused(Failure(error), qrCode: "")
        }
    }
}
