import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// What the warehouse and grinder kiosks ask before they weigh: a material's batches FIFO at a
/// store, what is on its way to a store, and a grinder line's facts.
@Suite struct WarehouseQueriesTests {
    @Test(arguments: TestBackends.all)
    func batchesComeOldestFirstAndOnlyWhatTheStoreHolds(backend: Backend) throws {
        let floor = try Floor(backend)
        for (batch, grams) in [("B-NEW", Int64(50_000)), ("B-OLD", 20_000)] {
            try floor.weigh("scale-MAIN-01", grams)
            try floor.services.perform { db in
                _ = try floor.services.stock.receiveIntoMain(db, by: floor.storekeeper, .init(material: "PVD-PE", batchNo: batch, device: "scale-MAIN-01"))
            }
        }
        let main = try floor.factory.db.read { try floor.services.stock.batches($0, at: .main, material: "PVD-PE") }
        #expect(main.map(\.batchNo) == ["B-NEW", "B-OLD"], "received first, offered first")
        #expect(main.map(\.available) == [Grams(50_000), Grams(20_000)])
        #expect(try floor.factory.db.read { try floor.services.stock.batches($0, at: .shop, material: "PVD-PE") }.isEmpty)
        #expect(throws: FactoryError.self) { try floor.factory.db.read { try floor.services.stock.batches($0, at: .main, material: "NO-SUCH") } }
    }

    @Test(arguments: TestBackends.all)
    func inTransitListsOnlyShipmentsStillOnTheirWayToThatStore(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 30_000)  // shipped and received: not in transit
        try floor.weigh("scale-MAIN-01", 40_000)
        try floor.services.perform { db in
            _ = try floor.services.stock.receiveIntoMain(db, by: floor.storekeeper, .init(material: "PVD-PE", batchNo: "B-2", device: "scale-MAIN-01"))
        }
        try floor.weigh("scale-MAIN-01", 10_000)
        let open = try floor.services.perform { db in
            try floor.services.stock.ship(db, by: floor.storekeeper, direction: .mainToShop,
                                          lines: [.init(material: "PVD-PE", batchNo: "B-2", device: "scale-MAIN-01")])
        }
        let toShop = try floor.factory.db.read { try floor.services.stock.inTransit($0, by: floor.shopOperator, to: .shop) }
        #expect(toShop.map(\.id) == [open.id])
        #expect(toShop.first?.lines.map(\.sent) == [Grams(10_000)])
        #expect(try floor.factory.db.read { try floor.services.stock.inTransit($0, by: floor.shopOperator, to: .main) }.isEmpty)
    }

    @Test(arguments: TestBackends.all)
    func aGrinderLineKnowsItsOrderTypeItsVTAndALotsSession(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let rework = floor.services.rework
        let db = floor.factory.db
        #expect(try db.read { try rework.orderType($0, line: try Device.find($0, "scale-RW-IN-01")) } == .reworkHard)
        #expect(throws: FactoryError.self) { try db.read { try rework.orderType($0, line: try Device.find($0, "scale-MAIN-01")) } }
        #expect(try db.read { try rework.vtSKUs($0) } == ["VT-PE-GR"])
        #expect(try db.read { try rework.session($0, lot: session.partiyaNo) } == session.id)
        #expect(throws: FactoryError.self) { try db.read { try rework.session($0, lot: "NO-SUCH-LOT") } }
    }
}
