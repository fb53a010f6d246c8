import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// QC decisions over HTTP: a partial decision answers the OK part with its new label, and
/// every read of a decision checks its e-seal again (DECISIONS B25, B27).
@Suite struct QCOverHTTPTests {
    @Test(arguments: TestBackends.all)
    func aPartialDecisionAnswersTheNewLabelAndEveryReadChecksTheSeal(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("otk", pin: "3301")
        try harness.credentials("sexboshligi")
        let floor = harness.floor
        let session = try floor.start("E1", operators: ["op.aziz"])
        let roll = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        try floor.degassed(roll)
        try await harness.run { client in
            let otk = try await client.login("otk"), head = try await client.login("sexboshligi")
            let decided = try await client.call(.post, "qc/decide", token: otk, json: [
                "package_id": .string(roll.id.text), "decision": "partial", "protocol": ["visual": "edge torn"], "pin": "3301",
                "ok_weight_kg": "21.5"])
            #expect(decided.status == 201)
            let part = try #require(decided["ok_part"]?.objectFields)
            #expect(part["qr_code"] == .string(QRCode(day: "2026-11-25", number: 2).text), "the OK part's new label")
            #expect(part["weight_kg"] == "21.500" && part["status"] == "qc_ok")

            let read = try await client.call(.get, "packages/\(roll.id.text)", token: head)
            let qc = try #require(read["qc"]?.objectFields)
            #expect(qc["decision"] == "partial" && qc["seal_valid"] == .bool(true))
            #expect(qc["e_pechat"] == decided["e_pechat"])

            // Someone edits the stored protocol: the next read says the seal is broken.
            try floor.factory.db.write { try $0.execute("UPDATE qc_records SET protocol_json = ? WHERE package_id = ?", #"{"visual":"ok"}"#, roll.id) }
            let tampered = try await client.call(.get, "packages/\(roll.id.text)", token: head)
            #expect(tampered["qc"]?.objectFields["seal_valid"] == .bool(false))
            #expect(tampered["qc"]?.objectFields["protocol"] == ["visual": "ok"], "shown as stored, with its broken seal")
            let undecided = try await client.call(.get, "packages/\(try #require(part["id"].flatMap { if case .string(let s) = $0 { s } else { nil } }))",
                                                  token: head)
            #expect(undecided["qc"] == .null, "the OK part carries no decision of its own")
        }
    }
}
