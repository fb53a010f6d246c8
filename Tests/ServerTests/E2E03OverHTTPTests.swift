import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// E2E-03 (spec §9.3) as an integrator drives it: a roll still degassing is refused at FG with
/// `degaz_gate`; degassing done lifts the hold that scan placed, QC passes it, and the same
/// scan receives it with no further step. A duplicate's hold still needs the shop head.
@Suite struct E2E03OverHTTPTests {
    @Test(arguments: TestBackends.all)
    func degassingPendingIsTheRefusalAndItsRemovalLetsTheSameScanThrough(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        for user in ["texnolog", "fg.ombor", "sexboshligi"] { try harness.credentials(user) }
        try harness.credentials("otk", pin: "3301")
        let floor = harness.floor
        let session = try floor.start("E1", operators: ["op.aziz"])
        let roll = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        try await harness.run { client in
            let fg = try await client.login("fg.ombor"), technologist = try await client.login("texnolog")
            let otk = try await client.login("otk"), head = try await client.login("sexboshligi")
            let scan: JSONValue = ["qr_code": .string(roll.qrCode)]
            func holds() async throws -> Int {
                let reply = try await client.call(.get, "fg/onhold", token: fg)
                if case .array(let items)? = reply["items"] { return items.count }
                return -1
            }

            let refused = try await client.call(.post, "fg/receive", token: fg, json: scan)
            #expect(refused.status == 409 && refused.errorDetail["gate"] == "degaz_gate", "\(refused.body.canonicalText)")
            #expect(try await holds() == 1)

            let done = try await client.call(.post, "degassing/done", token: technologist, json: scan)
            #expect(done.status == 200)
            #expect(try await holds() == 0, "degassing done lifted the hold its refusal placed")

            let decided = try await client.call(.post, "qc/decide", token: otk, json: [
                "package_id": .string(roll.id.text), "decision": "ok", "protocol": ["visual": "ok"], "pin": "3301"])
            #expect(decided.status == 201)
            let received = try await client.call(.post, "fg/receive", token: fg, json: scan)
            #expect(received.status == 200 && received.string("status") == "fg_received", "\(received.body.canonicalText)")

            // The same label again at once is a double scan: already received, nothing held.
            let double = try await client.call(.post, "fg/receive", token: fg, json: scan)
            #expect(double.status == 409 && double.errorDetail["reason"] == "already_received" && double.errorDetail["gate"] == nil)
            #expect(try await holds() == 0)
            // Ten minutes later the same code is a second label: the duplicate's hold stays until the shop head acts.
            harness.clock.advance(seconds: 10 * 60)
            let duplicate = try await client.call(.post, "fg/receive", token: fg, json: scan)
            #expect(duplicate.status == 409 && duplicate.errorDetail["gate"] == "qr_duplicate")
            let again = try await client.call(.post, "fg/receive", token: fg, json: scan)
            #expect(again.status == 409 && again.errorDetail["reason"] == "on_hold")
            let release = try await client.call(.post, "fg/onhold/release", token: head,
                                                json: ["qr_code": .string(roll.qrCode), "reason": "label scanned twice"])
            #expect(release.status == 200 && release["released"] == .int(1))
        }
        let actions = try floor.factory.db.read { db in
            try db.query("SELECT action, old_new_diff_json FROM audit_log WHERE action = 'onhold.released' ORDER BY seq").map {
                try $0.string("old_new_diff_json")
            }
        }
        #expect(actions.count == 2)
        #expect(actions.first?.contains("degassing done") == true, "the release says what removed the cause")
    }
}
