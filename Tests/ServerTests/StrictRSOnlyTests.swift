import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// STRICT_RS_ONLY (DECISIONS B6) has its effect both ways: on (the default) no stock weight is
/// ever typed; off, a MAIN receipt or a session input may be typed with a reason, booked
/// untrusted and put to the shop head, who approves it.
@Suite struct StrictRSOnlyTests {
    static let receipt: JSONValue = ["material_id": "PVD-PE", "batch_no": "B-T", "weight_kg": "25.5", "reason": "MAIN scale under repair"]

    @Test(arguments: TestBackends.all)
    func onByDefaultNoStockWeightIsTyped(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("main.ombor")
        try await harness.run { client in
            let main = try await client.login("main.ombor")
            let refused = try await client.call(.post, "stock/main/receive", token: main, json: Self.receipt)
            #expect(refused.status == 409 && refused.errorDetail["reason"] == "strict_rs_only", "\(refused.body.canonicalText)")
            let both = try await client.call(.post, "stock/main/receive", token: main, json: [
                "material_id": "PVD-PE", "batch_no": "B-T", "device_id": "scale-MAIN-01", "weight_kg": 1, "reason": "x"])
            #expect(both.status == 422 && both.errorDetail["reason"] == "one_weight")
        }
        #expect(try harness.floor.factory.count("stock_txn") == 0)
        #expect(try harness.floor.factory.count("approvals") == 0)
    }

    @Test(arguments: TestBackends.all)
    func offATypedStockWeightIsBookedUntrustedAndApprovedByTheShopHead(backend: Backend) async throws {
        let harness = try await APIHarness(backend, settings: ["STRICT_RS_ONLY": "false"])
        for user in ["main.ombor", "shop.op", "sexboshligi"] { try harness.credentials(user) }
        let floor = harness.floor
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        try await harness.run { client in
            let main = try await client.login("main.ombor"), shop = try await client.login("shop.op"), head = try await client.login("sexboshligi")
            let typed = try await client.call(.post, "stock/main/receive", token: main, json: Self.receipt)
            #expect(typed.status == 201 && typed.string("qty_kg") == "25.500" && typed["weight_trusted"] == .bool(false), "\(typed.body.canonicalText)")
            let approval = try #require(typed.string("approval_id"))
            let noReason = try await client.call(.post, "stock/main/receive", token: main, json: [
                "material_id": "PVD-PE", "batch_no": "B-T", "weight_kg": "1"])
            #expect(noReason.status == 422)

            let input = try await client.call(.post, "sessions/\(session.id.text)/inputs", token: shop, json: [
                "material_id": "PVD-PE", "batch_no": "B-1", "weight_kg": "40", "reason": "SHOP scale cable cut"])
            #expect(input.status == 201 && input.string("qty_kg") == "40.000" && input.string("approval_id") != nil, "\(input.body.canonicalText)")

            let pending = try await client.call(.get, "approvals?type=manual_weight", token: head)
            guard case .array(let items)? = pending["items"] else { Issue.record("no approvals list"); return }
            #expect(items.count == 2 && items.allSatisfy { $0.objectFields["object_type"] == "stock_txn" })
            let approved = try await client.call(.post, "approvals/\(approval)/approve", token: head, json: ["comment": "checked the delivery note"])
            #expect(approved.status == 200 && approved.string("state") == "approved", "\(approved.body.canonicalText)")
        }
        let journal = try floor.factory.db.read { db in
            try db.query("SELECT type, qty_milli, weight_trusted_bool, scale_event_id FROM stock_txn WHERE weight_trusted_bool = ? ORDER BY type", false).map {
                [try $0.string("type"), String(try $0.int("qty_milli")), $0.optionalString("scale_event_id") ?? "none"]
            }
        }
        #expect(journal == [["MAIN_RECEIVE", "25500", "none"], ["SHOP_TO_SESSION", "40000", "none"]])
    }
}
