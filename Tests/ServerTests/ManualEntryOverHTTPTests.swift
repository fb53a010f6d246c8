import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// The manual path of spec §6.5 as a client drives it: with no stable reading on the packing
/// scale, a typed weight makes a draft_manual package (202, with the approval to decide) whose
/// length the counter still measures; with a reading there, a typed weight is refused.
@Suite struct ManualEntryOverHTTPTests {
    @Test(arguments: TestBackends.all)
    func aTypedWeightWaitsForTheShopHeadOnlyWhileTheScaleHasNothingToBind(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        for user in ["op.aziz", "sexboshligi"] { try harness.credentials(user) }
        let session = try harness.floor.start("E1", operators: ["op.aziz"])
        try await harness.run { client in
            let scales = try Gateways(client, devices: ["scale-E1-pack-01", "len-E1-01"])
            let aziz = try await client.login("op.aziz"), head = try await client.login("sexboshligi")
            func pack(_ extra: [String: JSONValue]) async throws -> Reply {
                var body: [String: JSONValue] = ["session_id": .string(session.id.text), "device_id": "scale-E1-pack-01",
                                                 "length_mode": "auto", "length_device_id": "len-E1-01"]
                body.merge(extra) { $1 }
                return try await client.call(.post, "packages", token: aziz, json: .object(body))
            }

            try await scales.weigh("len-E1-01", "250")
            let noReading = try await pack([:])
            #expect(noReading.status == 409 && noReading.errorDetail["reason"] == "rs_not_found_in_window")
            let draft = try await pack(["weight_kg": "30.2", "reason": "pack scale gateway offline"])
            #expect(draft.status == 202, "\(draft.body.canonicalText)")
            #expect(draft.string("status") == "draft_manual" && draft["weight_trusted"] == .bool(false))
            #expect(draft.string("length_m") == "250.000" && draft.string("length_mode") == "auto", "the counter measured it")
            let approval = try #require(draft.string("approval_id"))
            let approved = try await client.call(.post, "approvals/\(approval)/approve", token: head, json: ["comment": "gateway was down"])
            #expect(approved.status == 200, "\(approved.body.canonicalText)")
            let package = try await client.call(.get, "packages/\(try #require(draft.string("id")))", token: aziz)
            #expect(package.string("status") == "awaiting_qc")

            try await scales.weigh("scale-E1-pack-01", "30")
            try await scales.weigh("len-E1-01", "250")
            let refused = try await pack(["weight_kg": "31", "reason": "I know better"])
            #expect(refused.status == 409 && refused.errorDetail["reason"] == "rs_reading_available", "\(refused.body.canonicalText)")
            #expect(try await pack([:]).status == 201, "the reading still binds")

            // B10: a typed length with the counter's reading beside it must agree within the SKU's 1 %.
            for (typed, status) in [("300", 409), ("251", 202)] {
                try await scales.weigh("scale-E1-pack-01", "30")
                try await scales.weigh("len-E1-01", "250")
                let reply = try await pack(["length_mode": "manual", "length_m": .string(typed), "reason": "counter slipped"])
                #expect(reply.status == status, "typed \(typed) m: \(reply.body.canonicalText)")
                if status == 409 { #expect(reply.errorDetail["reason"] == "length_tolerance_exceeded" && reply.errorDetail["counted_m"] == "250.000") }
            }
        }
    }
}
