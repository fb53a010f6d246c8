/// One shift of the UAT line played through the services for the demo, so that finance has a
/// closed session to make a KPI of (and Bitrix24 something to receive) without anyone running
/// the floor first: 40 kg of PVD-PE shipped MAIN → SHOP and fed to E1, a 30 kg roll packed by
/// op.aziz, degassed and passed by OTK, 10 kg of scrap, the session closed, and op.aziz's
/// hours in that shift. Played once: a database with a closed session is left alone.
public enum DemoShift {
    /// The demo's readings come from an earlier "boot" of each scale than any the simulator makes.
    static let bootID: Int64 = 1

    /// Answers the closed session's id, or nil when one was there already.
    @discardableResult
    public static func play(_ services: FactoryServices, inspectorPIN: String) throws -> Session.ID? {
        let users = services.users
        func actor(_ username: String) throws -> Actor { Actor(try services.database.read { try users.find($0, username: username) }) }
        guard try services.database.read({ try $0.queryOne("SELECT id FROM sessions WHERE status = 'closed' LIMIT 1") }) == nil else { return nil }
        let (storekeeper, shopOperator, shopHead) = (try actor("main.ombor"), try actor("shop.op"), try actor("sexboshligi"))
        let (aziz, inspector, finance) = (try actor("op.aziz"), try actor("otk"), try actor("moliya"))
        var seq = try services.database.read { try $0.queryOne("SELECT COALESCE(MAX(seq), 0) AS n FROM scale_event_keys WHERE boot_id = ?", bootID)?.int("n") ?? 0 }
        func weigh(_ device: String, _ grams: Int64) throws {
            try services.database.write { db in
                let scale = try Device.find(db, device)
                for (gross, stable) in [(Int64(0), false), (grams, true)] {
                    seq += 1
                    _ = try services.scaleEvents.record(db, device: scale, ScaleReading(bootID: bootID, seq: seq, deviceTime: services.clock.now(),
                                                                                         gross: Grams(gross), stable: stable))
                }
            }
        }
        let batch = "DEMO-1"
        try weigh("scale-MAIN-01", 40_000)
        try services.perform { db in
            _ = try services.stock.receiveIntoMain(db, by: storekeeper, .init(material: "PVD-PE", batchNo: batch, device: "scale-MAIN-01"))
        }
        try weigh("scale-MAIN-01", 40_000)
        let transfer = try services.perform { db in
            try services.stock.ship(db, by: storekeeper, direction: .mainToShop, lines: [.init(material: "PVD-PE", batchNo: batch, device: "scale-MAIN-01")])
        }
        try weigh("scale-SHOP-01", 40_000)
        try services.perform { db in _ = try services.stock.receive(db, by: shopOperator, transfer: transfer.id, devices: ["*": "scale-SHOP-01"]) }
        let shift = services.calendar.shift(at: services.clock.now())
        let session = try services.perform { db in
            try services.sessions.start(db, by: shopHead, .init(workcenter: "E1", sku: "POL-10", partiyaNo: "DEMO-E1-1", shift: shift, operators: ["op.aziz"]))
        }
        try weigh("scale-SHOP-01", 40_000)
        _ = try services.perform { db in
            try services.sessions.addInput(db, by: shopOperator, session: session.id, .init(material: "PVD-PE", batchNo: batch, device: "scale-SHOP-01"))
        }
        try weigh("scale-E1-pack-01", 30_000)
        try weigh("len-E1-01", 250_000)
        let roll = try services.perform { db in
            try services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01", length: .counter(device: "len-E1-01")))
        }
        _ = try services.perform { try services.finishedGoods.setDegassingDone($0, by: shopHead, qrCode: roll.qrCode) }
        let checked = try services.database.read { try services.qc.checkPIN($0, by: inspector, pin: inspectorPIN) }
        guard checked.isAccepted else { throw try services.perform { try services.qc.refusal($0, checked) } }
        _ = try services.perform { db in
            try services.qc.decide(db, by: inspector, .init(package: roll.id, decision: .ok, protocolNotes: ["visual": "ok"], pin: checked, okWeight: nil))
        }
        try weigh("scale-E1-pack-01", 10_000)
        let day = services.calendar.plantDay(of: session.startedAt)
        _ = try services.perform { db in
            try services.balance.recordScrap(db, by: shopHead, session: session.id, device: "scale-E1-pack-01", tare: .zero, sealNo: "DEMO-S-1")
            _ = try services.balance.close(db, by: shopHead, session: session.id)
            try services.attendance.record(db, by: finance, .init(username: "op.aziz", day: day, shift: shift, workcenter: "E1", minutes: 720))
        }
        return session.id
    }
}
