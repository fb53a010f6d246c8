import FactoryCore
import Foundation

/// The UAT plant with people and stock, driven through the services as the floor would.
public struct Floor: Sendable {
    public let factory: TestFactory
    public let storekeeper: Actor
    public let shopOperator: Actor
    public let shopHead: Actor
    public let technologist: Actor

    public init(_ backend: Backend, settings: [String: String] = [:], postgresDSN: String? = nil) throws {
        factory = try TestFactory(backend, settings: settings, postgresDSN: postgresDSN)
        _ = try factory.loadUAT()
        storekeeper = try factory.actor(.mainOmbor)
        shopOperator = try factory.actor(.shopOp)
        shopHead = try factory.actor(.sexBoshligi)
        technologist = try factory.actor(.texnolog)
    }

    public var services: FactoryServices { factory.services }

    /// Gives a UAT person a kiosk PIN.
    public func givePIN(_ username: String, _ pin: String) throws {
        try factory.db.write { db in
            let user = try services.users.find(db, username: username)
            try services.users.setCredentials(db, by: TestFactory.console, user: user.id, password: nil, pin: pin)
        }
    }

    /// Puts a load on a scale: the pan empties, the load settles, the reading arrives.
    public func weigh(_ device: String, _ grams: Int64) throws {
        factory.clock.advance(seconds: 1)
        try factory.reading(device, kg: 0, stable: false)
        factory.clock.advance(seconds: 1)
        try factory.reading(device, kg: grams)
        factory.clock.advance(seconds: 1)
    }

    /// Brings material into the SHOP store the way it really gets there: MAIN receipt, shipment,
    /// SHOP receipt, each on its scale.
    public func stockShop(_ material: String, batch: String, grams: Int64) throws {
        try weigh("scale-MAIN-01", grams)
        try services.perform { db in
            _ = try services.stock.receiveIntoMain(db, by: storekeeper, .init(material: material, batchNo: batch, device: "scale-MAIN-01"))
        }
        try weigh("scale-MAIN-01", grams)
        let transfer = try services.perform { db in
            try services.stock.ship(db, by: storekeeper, direction: .mainToShop,
                                    lines: [.init(material: material, batchNo: batch, device: "scale-MAIN-01")])
        }
        try weigh("scale-SHOP-01", grams)
        try services.perform { db in
            _ = try services.stock.receive(db, by: shopOperator, transfer: transfer.id, devices: ["*": "scale-SHOP-01"])
        }
    }

    public func start(_ workcenter: String, sku: String = "POL-10", operators: [String]) throws -> Session {
        try services.perform { db in
            try services.sessions.start(db, by: shopHead, .init(workcenter: workcenter, sku: sku, partiyaNo: "P-\(workcenter)-1",
                                                                 shift: .day, operators: operators))
        }
    }

    /// Weighs material out of SHOP into a session.
    public func feed(_ session: Session, _ material: String, batch: String, grams: Int64) throws -> SessionService.InputResult {
        try weigh("scale-SHOP-01", grams)
        return try services.perform { db in
            try services.sessions.addInput(db, by: shopOperator, session: session.id,
                                           .init(material: material, batchNo: batch, device: "scale-SHOP-01"))
        }
    }
}

extension Floor {
    /// A roll on the E1 pack scale and its length on the E1 counter, then packed by `by`.
    public func pack(_ session: Session, grams: Int64, millimetres: Int64 = 250_000, by actor: Actor) throws -> Package {
        try weigh("scale-E1-pack-01", grams)
        try weigh("len-E1-01", millimetres)
        return try services.perform { db in
            try services.packages.create(db, by: actor, .init(session: session.id, scale: "scale-E1-pack-01",
                                                               length: .counter(device: "len-E1-01")))
        }
    }

    /// The UAT operator as an actor.
    public func uatUser(_ username: String) throws -> Actor {
        Actor(try factory.db.read { try services.users.find($0, username: username) })
    }
}

extension Floor {
    /// The UAT inspector with a PIN this test knows.
    public func inspector() throws -> Actor {
        let otk = try factory.db.write { db in
            try services.users.add(db, by: TestFactory.console, .init(username: "otk.\(UUID().uuidString.prefix(4).lowercased())",
                                                                     fullName: "OTK", position: .otk, pin: "3301"))
        }
        return Actor(otk)
    }

    public func decide(_ package: Package, _ decision: QCDecision, by inspector: Actor, okWeight: Grams? = nil, pin: String = "3301") throws -> QCService.Outcome {
        let checked = try factory.db.read { try services.qc.checkPIN($0, by: inspector, pin: pin) }
        // As the API and the OTK kiosk do: a wrong PIN is recorded, then refused.
        guard checked.isAccepted else { throw try services.perform { try services.qc.refusal($0, checked) } }
        return try services.perform { db in
            try services.qc.decide(db, by: inspector, .init(package: package.id, decision: decision,
                                                            protocolNotes: ["visual": "ok", "width_mm": 1000], pin: checked, okWeight: okWeight))
        }
    }

    public func degassed(_ package: Package) throws {
        _ = try services.perform { try services.finishedGoods.setDegassingDone($0, by: shopHead, qrCode: package.qrCode) }
    }

    /// A roll of a fresh E1 session (op.aziz), degassed and passed by QC: ready for FG.
    public func qcPassedRoll(grams: Int64 = 30_000) throws -> Package {
        let session = try start("E1", operators: ["op.aziz"])
        let package = try pack(session, grams: grams, by: try uatUser("op.aziz"))
        try degassed(package)
        return try decide(package, .ok, by: try inspector()).package
    }

    /// An E1 session fed `input` grams from SHOP, with one roll of `roll` grams degassed and
    /// passed by QC: the smallest day that has every kind of fact.
    public func fedSessionWithPassedRoll(input: Int64 = 40_000, roll grams: Int64 = 30_000) throws -> (session: Session, roll: Package) {
        try stockShop("PVD-PE", batch: "B-1", grams: input)
        let session = try start("E1", operators: ["op.aziz"])
        _ = try feed(session, "PVD-PE", batch: "B-1", grams: input)
        let package = try pack(session, grams: grams, by: try uatUser("op.aziz"))
        try degassed(package)
        return (session, try decide(package, .ok, by: try inspector()).package)
    }

    public func receiveFG(_ qr: String, by actor: Actor) throws -> Package {
        try services.perform { try services.finishedGoods.receive($0, by: actor, scanned: qr) }
    }
}

extension Floor {
    /// A soft grinder order that took in 19.5 kg net and gave 15 kg of VT: a 23.077 % loss,
    /// above the 15 % of DECISIONS A. Answers the order.
    public func lossyGrinderOrder() throws -> ReworkService.OrderID {
        let grinder = try uatUser("drabilka")
        let rework = services.rework
        let order = try services.perform { try rework.open($0, by: grinder, type: .reworkSoft) }
        try weigh("scale-RW-IN-01", 20_000)
        _ = try services.perform { try rework.takeIn($0, by: grinder, order: order, .init(sealNo: "S-9", device: "scale-RW-IN-01", tare: Grams(500))) }
        try weigh("scale-RW-OUT-01", 15_000)
        _ = try services.perform { try rework.takeOut($0, by: grinder, order: order, device: "scale-RW-OUT-01", vtSKU: "VT-PE-GR") }
        return order
    }
}
