import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// A shipment of several loads on one scale, through the API as an integrator's client sends
/// it: each further load joins the shipment, the lines keep the order they were weighed in,
/// and the receiving side weighs them one at a time.
@Suite struct ShipmentLinesOverHTTPTests {
    @Test(arguments: TestBackends.all)
    func loadsJoinTheShipmentAndAreReceivedLineByLine(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        for user in ["main.ombor", "shop.op", "op.aziz"] { try harness.credentials(user) }
        try await harness.run { client in
            let scales = try Gateways(client, devices: ["scale-MAIN-01", "scale-SHOP-01"])
            let main = try await client.login("main.ombor"), shop = try await client.login("shop.op")
            try await scales.weigh("scale-MAIN-01", "300")
            #expect(try await client.call(.post, "stock/main/receive", token: main,
                                          json: ["material_id": "PVD-PE", "batch_no": "B-7", "device_id": "scale-MAIN-01"]).status == 201)

            // Two loads, one scale, one shipment.
            try await scales.weigh("scale-MAIN-01", "120")
            let shipped = try await client.call(.post, "stock/transfers/main-to-shop", token: main, json: [
                "lines": [["material_id": "PVD-PE", "batch_no": "B-7", "device_id": "scale-MAIN-01"]]])
            #expect(shipped.status == 201)
            let transfer = try #require(shipped.string("id"))
            let lines = "stock/transfers/\(transfer)/lines"
            try await scales.weigh("scale-MAIN-01", "80.5")
            let added = try await client.call(.post, lines, token: main,
                                              json: ["material_id": "PVD-PE", "batch_no": "B-7", "device_id": "scale-MAIN-01"])
            #expect(added.status == 201)
            let sent = Self.lines(added)
            #expect(sent.map(\.number) == [1, 2])
            #expect(sent.map(\.kg) == ["120.000", "80.500"])
            #expect(added.string("added_line_id") == sent.last?.id)
            #expect(added.string("status") == "in_transit")

            // SHOP weighs the second load first: the shipment stays in transit.
            try await scales.weigh("scale-SHOP-01", "80.4")
            let second = try await client.call(.post, "\(lines)/\(sent[1].id)/receive", token: shop, json: ["device_id": "scale-SHOP-01"])
            #expect(second.status == 200)
            #expect(second.string("status") == "in_transit")
            #expect(Self.lines(second).map(\.received) == [nil, "80.400"])

            // Once receiving has begun, no load joins; no line is received twice.
            try await scales.weigh("scale-MAIN-01", "10")
            let late = try await client.call(.post, lines, token: main,
                                             json: ["material_id": "PVD-PE", "batch_no": "B-7", "device_id": "scale-MAIN-01"])
            #expect(late.status == 409 && late.isEnvelope)
            #expect(late.errorDetail["reason"] == "transfer_not_open")
            try await scales.weigh("scale-SHOP-01", "80.4")
            let twice = try await client.call(.post, "\(lines)/\(sent[1].id)/receive", token: shop, json: ["device_id": "scale-SHOP-01"])
            #expect(twice.status == 409 && twice.errorDetail["reason"] == "line_already_received")

            // An operator does not receive stock; a line the shipment does not have is not found.
            try await scales.weigh("scale-SHOP-01", "119.9")
            let wrongRole = try await client.call(.post, "\(lines)/\(sent[0].id)/receive", token: try await client.login("op.aziz"),
                                                  json: ["device_id": "scale-SHOP-01"])
            #expect(wrongRole.status == 403)
            let unknown = try await client.call(.post, "\(lines)/\(UUID().uuidString.lowercased())/receive", token: shop,
                                                json: ["device_id": "scale-SHOP-01"])
            #expect(unknown.status == 404 && unknown.isEnvelope)

            // The last line completes the shipment; SHOP holds what its scale weighed.
            let first = try await client.call(.post, "\(lines)/\(sent[0].id)/receive", token: shop, json: ["device_id": "scale-SHOP-01"])
            #expect(first.status == 200)
            #expect(first.string("status") == "completed")
            #expect(Self.lines(first).map(\.received) == ["119.900", "80.400"])
            #expect(Self.lines(first).map(\.difference) == ["-0.100", "-0.100"])
            let shopItems = try await client.call(.get, "stock/items?location=SHOP", token: shop)
            let quantities = shopItems["items"]?.arrayItems.compactMap { $0.objectFields["qty_kg"]?.stringValue }
            #expect(quantities == ["200.300"])
        }
        #expect(try harness.floor.factory.audit.verify(harness.floor.factory.db).isIntact)
    }

    struct SentLine: Equatable {
        let id: String, number: Int64?, kg: String?, received: String?, difference: String?
    }

    static func lines(_ reply: Reply) -> [SentLine] {
        (reply["lines"]?.arrayItems ?? []).map { line in
            let fields = line.objectFields
            var number: Int64?
            if case .int(let n)? = fields["line_no"] { number = n }
            return SentLine(id: fields["id"]?.stringValue ?? "", number: number, kg: fields["qty_kg"]?.stringValue,
                            received: fields["received_kg"]?.stringValue, difference: fields["difference_kg"]?.stringValue)
        }
    }
}
