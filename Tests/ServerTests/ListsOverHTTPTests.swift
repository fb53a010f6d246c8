import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// What an integrator reads back: one running session per line, the investigate answer's
/// pending packages, FG receipts as stock, device filters, and one word per status everywhere.
@Suite struct ListsOverHTTPTests {
    static func items(_ reply: Reply) -> [[String: JSONValue]] {
        if case .array(let items)? = reply["items"] { return items.map(\.objectFields) }
        return []
    }

    @Test(arguments: TestBackends.all)
    func aLineRunsOneSessionAndItsInvestigationCountsWhatIsPending(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("sexboshligi")
        try harness.credentials("drabilka")
        try await harness.run { client in
            let head = try await client.login("sexboshligi")
            let start: JSONValue = ["workcenter_id": "E1", "sku_id": "POL-10", "partiya_no": "P-1", "shift": "day", "operators": ["op.aziz"]]
            let first = try await client.call(.post, "sessions", token: head, json: start)
            #expect(first.status == 201)
            let second = try await client.call(.post, "sessions", token: head, json: start)
            #expect(second.status == 409 && second.errorDetail["reason"] == "workcenter_busy", "\(second.body.canonicalText)")
            #expect(second.errorDetail["session_id"] == first["id"])

            let session = try #require(first.string("id"))
            _ = try harness.floor.pack(try harness.floor.factory.db.read { try Session.load($0, #require(Session.ID(session))) },
                                       grams: 30_000, by: try harness.floor.uatUser("op.aziz"))
            let investigation = try await client.call(.get, "sessions/\(session)/investigate", token: head)
            #expect(investigation["balance"]?.objectFields["pending_packages"] == .int(1))
            #expect(investigation["balance"]?.objectFields["can_close"] == .bool(false))

            // One word per state in every status filter: the spec's `opened`, and `open` for it.
            for word in ["opened", "open"] {
                let sessions = try await client.call(.get, "sessions?status=\(word)", token: head)
                #expect(Self.items(sessions).count == 1, "sessions?status=\(word)")
            }
            let grinder = try await client.login("drabilka")
            _ = try await client.call(.post, "rework/orders", token: grinder, json: ["type": "rework_hard"])
            for word in ["opened", "open"] {
                let orders = try await client.call(.get, "rework/orders?status=\(word)", token: grinder)
                #expect(Self.items(orders).count == 1, "rework/orders?status=\(word)")
            }
            let bad = try await client.call(.get, "sessions?status=running", token: head)
            #expect(bad.status == 422 && bad.errorDetail["field"] == "status")
        }
    }

    @Test(arguments: TestBackends.all)
    func fgReceiptsAreStockAndDevicesFilterByLineAndType(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("fg.ombor")
        try harness.credentials("sexboshligi")
        let roll = try harness.floor.qcPassedRoll()
        try await harness.run { client in
            let fg = try await client.login("fg.ombor"), head = try await client.login("sexboshligi")
            #expect(try await client.call(.post, "fg/receive", token: fg, json: ["qr_code": .string(roll.qrCode)]).status == 200)
            let stock = Self.items(try await client.call(.get, "stock/items?location=FG", token: head))
            #expect(stock.count == 1)
            #expect(stock.first?["batch_no"] == .string(roll.qrCode) && stock.first?["code"] == "POL-10" && stock.first?["qty_kg"] == "30.000")

            let scales = Self.items(try await client.call(.get, "devices?workcenter_id=E1&type=scale", token: head))
            #expect(scales.map { $0["code"] } == ["scale-E1-pack-01"], "\(scales)")
            let line = Self.items(try await client.call(.get, "devices?workcenter_id=E1", token: head))
            #expect(line.count == 2)
            let health = Self.items(try await client.call(.get, "devices/health?type=length_counter", token: head))
            #expect(health.count == 1)
            #expect(try await client.call(.get, "devices?type=printer", token: head).status == 422)
            // Calibration blocks once its due time has passed (spec §19.5), not at it.
            let now = harness.clock.now()
            for (due, expired) in [(now, false), (now.adding(seconds: -1), true)] {
                try harness.floor.factory.db.write { try $0.execute("UPDATE devices SET calibration_due_at = ? WHERE code = 'len-E1-01'", due) }
                let counter = Self.items(try await client.call(.get, "devices/health?type=length_counter", token: head)).first
                #expect(counter?["calibration_expired"] == .bool(expired), "due \(due), now \(now)")
            }
            #expect(try await client.call(.get, "devices?workcenter_id=E9", token: head).status == 404)
        }
    }

    @Test(arguments: TestBackends.all)
    func aPausedSessionStaysOnTheLiveBoard(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("sexboshligi")
        let floor = harness.floor
        let running = try floor.start("E1", operators: ["op.aziz"])
        let paused = try floor.start("E2", operators: ["op.dilshod"])
        _ = try floor.services.perform { try floor.services.sessions.pause($0, by: floor.shopHead, session: paused.id, reason: "VT over the limit") }
        try await harness.run { client in
            let head = try await client.login("sexboshligi")
            let board = Self.items(try await client.call(.get, "dash/session-live", token: head))
            let shown = board.map { [$0["session"]?.objectFields["id"]?.stringValue ?? "", $0["session"]?.objectFields["status"]?.stringValue ?? ""] }
            #expect(shown == [[running.id.text, "opened"], [paused.id.text, "paused"]])
        }
    }
}
