import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// E2E-01 (spec §9.3) through HTTP only: sign-ins, signed scale readings, the shipment, the
/// session, three rolls, QC with the e-seal, FG, WIP and scrap, and a balance that closes.
@Suite struct E2E01OverHTTPTests {
    @Test(arguments: TestBackends.all)
    func fromLoginToFGReceiveAndAClosedBalance(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        for user in ["main.ombor", "shop.op", "sexboshligi", "op.aziz", "fg.ombor"] { try harness.credentials(user) }
        try harness.credentials("otk", pin: "3301")
        try await harness.run { client in
            let scales = try Gateways(client, devices: ["scale-MAIN-01", "scale-SHOP-01", "scale-E1-pack-01", "len-E1-01"])
            let main = try await client.login("main.ombor"), shop = try await client.login("shop.op")
            let head = try await client.login("sexboshligi"), aziz = try await client.login("op.aziz")
            let otk = try await client.login("otk"), fg = try await client.login("fg.ombor")
            func expect(_ reply: Reply, _ status: Int, _ step: String) throws -> Reply {
                guard reply.status == status else {
                    throw FactoryError(.validationError, reason: "e2e_step", "\(step): \(reply.status) \(reply.body.canonicalText)")
                }
                return reply
            }

            // M1: received into MAIN, shipped on the MAIN scale, received on the SHOP scale.
            try await scales.weigh("scale-MAIN-01", "120")
            _ = try expect(try await client.call(.post, "stock/main/receive", token: main,
                                                 json: ["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-MAIN-01"]), 201, "MAIN receipt")
            try await scales.weigh("scale-MAIN-01", "100.2")
            let shipped = try expect(try await client.call(.post, "stock/transfers/main-to-shop", token: main, json: [
                "lines": [["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-MAIN-01"]], "comment": "E1"]), 201, "shipment")
            #expect(shipped.string("status") == "in_transit")
            let transfer = try #require(shipped.string("id"))
            try await scales.weigh("scale-SHOP-01", "100.1")
            let received = try expect(try await client.call(.post, "stock/transfers/\(transfer)/receive", token: shop,
                                                            json: ["device_id": "scale-SHOP-01"]), 200, "SHOP receipt")
            #expect(received.string("status") == "completed")

            // M3: the session and its 100 kg input from SHOP.
            let started = try expect(try await client.call(.post, "sessions", token: head, json: [
                "workcenter_id": "E1", "sku_id": "POL-10", "partiya_no": "P-HTTP-1", "shift": "day", "operators": ["op.aziz"]]), 201, "start")
            let session = try #require(started.string("id"))
            #expect(started.string("status") == "opened")
            try await scales.weigh("scale-SHOP-01", "100")
            _ = try expect(try await client.call(.post, "sessions/\(session)/inputs", token: shop, json: [
                "material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-SHOP-01"]), 201, "input")

            // M5: three rolls, each weighed and measured.
            var codes: [String] = []
            for kg in ["30", "30.2", "29.9"] {
                try await scales.weigh("scale-E1-pack-01", kg)
                try await scales.weigh("len-E1-01", "250")  // a counter sends its metres in the value field
                let packed = try expect(try await client.call(.post, "packages", token: aziz, json: [
                    "session_id": .string(session), "device_id": "scale-E1-pack-01", "length_mode": "auto",
                    "length_device_id": "len-E1-01"]), 201, "package")
                #expect(packed.string("status") == "awaiting_qc")
                #expect(packed["weight_trusted"] == .bool(true))
                codes.append(try #require(packed.string("qr_code")))
            }
            #expect(codes == ["FG-2026-11-25-000001", "FG-2026-11-25-000002", "FG-2026-11-25-000003"])

            // Degassing of the lot, then QC with PIN and e-seal, then FG by scan.
            let degassed = try expect(try await client.call(.post, "degassing/done", token: head, json: ["partiya_no": "P-HTTP-1"]), 200, "degassing")
            #expect(degassed["items"].map { if case .array(let items) = $0 { items.count } else { 0 } } == 3)
            let queue = try expect(try await client.call(.get, "qc/queue", token: otk), 200, "queue")
            guard case .array(let waiting)? = queue["items"] else { throw FactoryError.notFound("queue", "items") }
            #expect(waiting.count == 3)
            for item in waiting {
                let id = try #require(item.objectFields["id"]).canonicalText.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                let decided = try expect(try await client.call(.post, "qc/decide", token: otk, json: [
                    "package_id": .string(id), "decision": "ok", "protocol": ["visual": "ok"], "pin": "3301"]), 201, "QC")
                #expect(decided.string("e_pechat")?.count == 64)
            }
            for code in codes {
                let taken = try expect(try await client.call(.post, "fg/receive", token: fg, json: ["qr_code": .string(code)]), 200, "FG")
                #expect(taken.string("status") == "fg_received")
            }
            // The same label on a roll ten minutes later is a second label (a double scan at
            // once is only "already received").
            client.harness.clock.advance(seconds: 10 * 60)
            let duplicate = try await client.call(.post, "fg/receive", token: fg, json: ["qr_code": .string(codes[0])])
            #expect(duplicate.status == 409 && duplicate.errorDetail["gate"] == "qr_duplicate")

            // M7: WIP left at the line, scrap in a container, and the balance closes.
            try await scales.weigh("scale-SHOP-01", "5")
            _ = try expect(try await client.call(.post, "stock/shop/snapshot", token: shop, json: [
                "shift": "day", "items": [["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-SHOP-01",
                                           "session_id": .string(session)]]]), 201, "snapshot")
            try await scales.weigh("scale-E1-pack-01", "5.5")
            _ = try expect(try await client.call(.post, "sessions/\(session)/scrap", token: aziz, json: [
                "device_id": "scale-E1-pack-01", "tare_kg": "0.6", "seal_no": "S-1"]), 201, "scrap")
            let preview = try expect(try await client.call(.get, "sessions/\(session)/balance/preview", token: head), 200, "preview")
            #expect(preview.string("input_kg") == "100.000")
            #expect(preview.string("good_kg") == "90.100")
            #expect(preview.string("wip_kg") == "5.000")
            #expect(preview.string("outstanding_kg") == "4.900")
            #expect(preview.string("delta_session_kg") == "0.000")
            #expect(preview["gate_ok"] == .bool(true))
            let closed = try expect(try await client.call(.patch, "sessions/\(session)/close", token: head), 200, "close")
            #expect(closed.string("status") == "closed")
        }
        #expect(try harness.floor.factory.audit.verify(harness.floor.factory.db).isIntact)
    }
}
