import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Spec §5.3 M2 "SHOP_SNAPSHOT (RS)": the end-of-shift count levels SHOP stock to what the
/// scale saw, and a session's lines are its WIP for the balance (DECISIONS B15).
@Suite struct ShiftSnapshotTests {
    func shopStock(_ floor: Floor, _ batch: String = "B-1") throws -> Grams {
        try floor.factory.db.read { try floor.services.stock.onHand($0, .shop, material: "PVD-PE", batch: batch) }
    }

    func snapshot(_ floor: Floor, _ items: [StockService.SnapshotItem], shift: Shift = .day) throws -> [StockService.SnapshotLine] {
        try floor.services.perform { try floor.services.stock.snapshot($0, by: floor.shopOperator, shift: shift, items: items) }
    }

    @Test(arguments: TestBackends.all)
    func aCountLevelsShopStockAndKeepsTheVariance(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        try floor.weigh("scale-SHOP-01", 99_400)
        let lines = try snapshot(floor, [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-SHOP-01")])
        #expect(lines.map(\.counted) == [Grams(99_400)])
        #expect(lines.map(\.variance) == [Grams(-600)], "600 g less on the scale than in the book")
        #expect(lines.first?.shiftKey == "2026-11-25/day")
        #expect(try shopStock(floor) == Grams(99_400))
        let ref = try floor.factory.db.read {
            try $0.queryOne("SELECT ref_doc, scale_event_id FROM stock_txn WHERE type = 'SHOP_SNAPSHOT'")
        }
        #expect(try ref?.optionalString("ref_doc").map(JSONValue.parse) == ["variance_g": -600])
        #expect(ref?.optionalString("scale_event_id") != nil, "the count is an RS reading")
    }

    @Test(arguments: TestBackends.all)
    func aBatchWithNothingLeftIsCountedAsZeroWithoutAScale(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 20_000)
        let lines = try snapshot(floor, [.init(material: "PVD-PE", batchNo: "B-1", device: nil)])
        #expect(lines.first?.variance == Grams(-20_000))
        #expect(try shopStock(floor) == .zero)
    }

    @Test(arguments: TestBackends.all)
    func wipIsTheLatestShiftsCountOfTheSessionNotTheSumOfAllCounts(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 200_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 100_000)
        func wip() throws -> Grams {
            try floor.factory.db.read { try floor.services.balance.preview($0, by: floor.shopHead, session: session.id) }.balance.wip
        }
        // Day shift: two bags at the line, weighed one after the other.
        try floor.weigh("scale-SHOP-01", 12_000)
        _ = try snapshot(floor, [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-SHOP-01", session: session.id)])
        try floor.weigh("scale-SHOP-01", 8_000)
        _ = try snapshot(floor, [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-SHOP-01", session: session.id)])
        #expect(try wip() == Grams(20_000))
        #expect(try shopStock(floor) == Grams(100_000), "material at the line is not SHOP stock: the book is untouched")

        // The night shift used most of it; its count replaces the day's.
        floor.factory.clock.advance(seconds: 12 * 3600)
        try floor.weigh("scale-SHOP-01", 3_000)
        let night = try snapshot(floor, [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-SHOP-01", session: session.id)],
                                 shift: .night)
        #expect(night.first?.shiftKey == "2026-11-25/night")
        #expect(night.first?.variance == nil)
        #expect(try wip() == Grams(3_000))
    }

    @Test(arguments: TestBackends.all)
    func twoItemsOnOneScaleNeedTheFirstLoadLiftedAndNothingIsHalfWritten(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 50_000)
        try floor.stockShop("PVD-PE", batch: "B-2", grams: 50_000)
        try floor.weigh("scale-SHOP-01", 49_000)
        #expect {
            try snapshot(floor, [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-SHOP-01"),
                                 .init(material: "PVD-PE", batchNo: "B-2", device: "scale-SHOP-01")])
        } throws: { ($0 as? FactoryError)?.code == .businessConflict }
        #expect(try shopStock(floor, "B-1") == Grams(50_000), "the first item's levelling rolled back with the second's refusal")
        #expect(try floor.factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM stock_txn WHERE type = 'SHOP_SNAPSHOT'")?.int("n") } == 0)
    }

    @Test(arguments: TestBackends.all)
    func onlyTheShopOperatorCountsAndAClosedSessionsWIPIsFrozen(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 10_000)
        try floor.weigh("scale-SHOP-01", 10_000)
        #expect {
            try floor.services.perform {
                try floor.services.stock.snapshot($0, by: floor.storekeeper, shift: .day,
                                                  items: [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-SHOP-01")])
            }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        #expect { try snapshot(floor, []) } throws: { ($0 as? FactoryError)?.reason == "empty_value" }
        #expect {
            try snapshot(floor, [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-MAIN-01")])
        } throws: { ($0 as? FactoryError)?.code == .validationError }
    }
}

extension ShiftSnapshotTests {
    @Test(arguments: TestBackends.all)
    func theCountOffersEveryBatchFedToARunningSessionAndNothingLeftIsItsZeroWIP(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 200_000)
        try floor.stockShop("PVD-PE", batch: "B-2", grams: 50_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 60_000)
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 40_000)
        _ = try floor.feed(session, "PVD-PE", batch: "B-2", grams: 10_000)
        let lines = try floor.factory.db.read { try floor.services.stock.wipLines($0, by: floor.shopOperator) }
        #expect(lines.map { "\($0.workcenter) \($0.lot) \($0.material) \($0.batchNo) \($0.fed.grams)" }
                == ["E1 \(session.partiyaNo) PVD-PE B-1 100000", "E1 \(session.partiyaNo) PVD-PE B-2 10000"],
                "one row per batch at the line, with all that was fed of it")
        #expect(lines.allSatisfy { $0.session == session.id })

        // B-2 is used up at the line: nothing is left to weigh, and the session's WIP says so.
        let counted = try snapshot(floor, [.init(material: "PVD-PE", batchNo: "B-2", device: nil, session: session.id)])
        #expect(counted.map(\.counted) == [.zero] && counted.map(\.variance) == [nil])
        #expect(try shopStock(floor, "B-2") == Grams(40_000), "a line's count leaves the store's book alone")

        #expect {
            try floor.factory.db.read { try floor.services.stock.wipLines($0, by: floor.factory.actor(.moliya)) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
    }
}
