import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// DECISIONS B17: the shop head's request is a record that MAIN's shipment fulfils.
@Suite struct ShopRequestTests {
    @Test(arguments: TestBackends.all)
    func aShipmentAnsweringARequestFulfilsIt(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.weigh("scale-MAIN-01", 300_000)
        _ = try floor.services.perform { db in
            try floor.services.stock.receiveIntoMain(db, by: floor.storekeeper, .init(material: "PVD-PE", batchNo: "B-1", device: "scale-MAIN-01"))
        }
        let request = try floor.services.perform { db in
            try floor.services.stock.request(db, by: floor.shopHead, lines: [.init(material: "PVD-PE", planned: .kilograms(120))],
                                             note: "E1 night shift")
        }
        #expect(request.status == .open)
        #expect(request.lines == [.init(material: "PVD-PE", planned: .kilograms(120))])
        let open = try floor.factory.db.read { try floor.services.stock.openRequests($0, by: floor.storekeeper) }
        #expect(open.map(\.id) == [request.id])

        try floor.weigh("scale-MAIN-01", 118_500)
        let transfer = try floor.services.perform { db in
            try floor.services.stock.ship(db, by: floor.storekeeper, direction: .mainToShop,
                                          lines: [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-MAIN-01")], request: request.id)
        }
        #expect(transfer.lines.map(\.sent) == [Grams(118_500)], "the scale decides what moves, not the plan")
        #expect(try floor.factory.db.read { try floor.services.stock.openRequests($0, by: floor.storekeeper) }.isEmpty)
        let link = try floor.factory.db.read { try $0.queryOne("SELECT request_id FROM stock_transfers WHERE id = ?", transfer.id) }
        #expect(link?.optionalString("request_id") == request.id.text)

        try floor.weigh("scale-MAIN-01", 10_000)
        #expect {
            try floor.services.perform { db in
                try floor.services.stock.ship(db, by: floor.storekeeper, direction: .mainToShop,
                                              lines: [.init(material: "PVD-PE", batchNo: "B-1", device: "scale-MAIN-01")], request: request.id)
            }
        } throws: { ($0 as? FactoryError)?.reason == "request_not_open" }
        #expect(try floor.factory.count("stock_transfers") == 1, "the refused second shipment left nothing behind")
    }

    @Test(arguments: TestBackends.all)
    func requestsAreTheShopHeadsAndACancelNeedsAReason(backend: Backend) throws {
        let floor = try Floor(backend)
        #expect {
            try floor.services.perform { try floor.services.stock.request($0, by: floor.storekeeper, lines: [.init(material: "PVD-PE", planned: .kilograms(1))]) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        #expect {
            try floor.services.perform { try floor.services.stock.request($0, by: floor.shopHead, lines: [.init(material: "PVD-PE", planned: .zero)]) }
        } throws: { ($0 as? FactoryError)?.reason == "out_of_range" }
        #expect {
            try floor.services.perform { try floor.services.stock.request($0, by: floor.shopHead, lines: [.init(material: "NOPE", planned: .kilograms(1))]) }
        } throws: { ($0 as? FactoryError)?.code == .notFound }
        let request = try floor.services.perform {
            try floor.services.stock.request($0, by: floor.shopHead, lines: [.init(material: "PVD-PE", planned: .kilograms(50))])
        }
        #expect {
            try floor.services.perform { try floor.services.stock.cancelRequest($0, by: floor.shopHead, request: request.id, reason: " ") }
        } throws: { ($0 as? FactoryError)?.code == .validationError }
        let cancelled = try floor.services.perform {
            try floor.services.stock.cancelRequest($0, by: floor.shopHead, request: request.id, reason: "line stopped")
        }
        #expect(cancelled.status == .cancelled)
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }
}
