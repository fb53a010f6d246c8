import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// What a floor terminal asks FactoryCore at sign-in and as it works: where a packer packs,
/// where a grinder weighs, and the shipment a storekeeper's next load joins.
@Suite struct PostsTests {
    @Test(arguments: TestBackends.all)
    func aPackerPacksForTheirOpenedSessionWithTheLinesCounter(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let aziz = try floor.uatUser("op.aziz")
        let post = try floor.factory.db.read { try PackingPost.find($0, sessions: floor.services.sessions, scale: "scale-E1-pack-01", operator: aziz) }
        #expect(post.session.id == session.id)
        #expect(post.counter?.code == "len-E1-01")
        let other = try floor.factory.actor(.operator)
        var refusal: FactoryError?
        #expect {
            try floor.factory.db.read { try PackingPost.find($0, sessions: floor.services.sessions, scale: "scale-E1-pack-01", operator: other) }
        } throws: { refusal = $0 as? FactoryError; return refusal?.reason == "no_opened_session" }
        #expect(refusal?.details["workcenter"] == "E1", "the refusal names the line, for the words that say who can start a session there")
    }

    @Test(arguments: TestBackends.all)
    func aGrindersOutScaleIsTheLinesOtherScaleUnlessNamed(backend: Backend) throws {
        let floor = try Floor(backend)
        let rework = floor.services.rework
        let post = try floor.factory.db.read { try GrinderPost.find($0, rework: rework, scale: "scale-RW-IN-01", outScale: nil) }
        #expect(post.outScale.code == "scale-RW-OUT-01")
        let named = try floor.factory.db.read { try GrinderPost.find($0, rework: rework, scale: "scale-RW-IN-01", outScale: "scale-RW-IN-01") }
        #expect(named.outScale.code == "scale-RW-IN-01")
        // The first container opens the order; the next joins it.
        let grinder = try floor.uatUser("drabilka")
        try floor.weigh("scale-RW-IN-01", 10_000)
        let first = try floor.services.perform { db in
            try rework.takeIn(db, by: grinder, orderOrNew: nil, type: post.orderType, .init(sealNo: "S-1", device: "scale-RW-IN-01", tare: .zero))
        }
        try floor.weigh("scale-RW-IN-01", 0)
        try floor.weigh("scale-RW-IN-01", 6_000)
        let second = try floor.services.perform { db in
            try rework.takeIn(db, by: grinder, orderOrNew: first.order, type: post.orderType, .init(sealNo: "S-2", device: "scale-RW-IN-01", tare: .zero))
        }
        #expect(second.order == first.order)
        #expect(second.inTotal == Grams(16_000))
        #expect(try floor.factory.count("rework_orders") == 1)
    }

    @Test(arguments: TestBackends.all)
    func aStorekeepersLoadStartsAShipmentOrJoinsTheOneUnderWay(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.weigh("scale-MAIN-01", 500_000)
        _ = try floor.services.perform { db in
            try floor.services.stock.receiveIntoMain(db, by: floor.storekeeper, .init(material: "PVD-PE", batchNo: "B-001", device: "scale-MAIN-01"))
        }
        let line = StockService.WeighLine(material: "PVD-PE", batchNo: "B-001", device: "scale-MAIN-01")
        try floor.weigh("scale-MAIN-01", 0)
        try floor.weigh("scale-MAIN-01", 25_000)
        let first = try floor.services.perform { try floor.services.stock.shipLine($0, by: floor.storekeeper, direction: .mainToShop, onto: nil, line) }
        try floor.weigh("scale-MAIN-01", 0)
        try floor.weigh("scale-MAIN-01", 10_000)
        let second = try floor.services.perform {
            try floor.services.stock.shipLine($0, by: floor.storekeeper, direction: .mainToShop, onto: first.transfer.id, line)
        }
        #expect(second.transfer.id == first.transfer.id)
        #expect(second.transfer.lines.map(\.sent).sorted() == [Grams(10_000), Grams(25_000)])
    }
}
