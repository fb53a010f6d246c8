import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Server
import Testing

/// What the integrator reads at night: trace ids that tie an answer to its log line, the
/// metric names of spec §20.1, and health answers.
@Suite struct ObservabilityTests {
    @Test(arguments: TestBackends.all)
    func metricsCarryTheSpecsNamesAndCountWhatHappened(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        try harness.credentials("fg.ombor")
        let key = try harness.deviceSecret("scale-E1-pack-01")
        let passed = try harness.floor.qcPassedRoll()
        try await harness.run { client in
            // The fixture's readings used low sequence numbers on this scale.
            _ = try await client.reading("scale-E1-pack-01", key: key, seq: 1_000, kg: "1")
            _ = try await client.reading("scale-E1-pack-01", key: key, seq: 1_000, kg: "1")
            let fg = try await client.login("fg.ombor")
            _ = try await client.call(.post, "fg/receive", token: fg, json: ["qr_code": .string(passed.qrCode)])
            // Ten minutes on, the same code is a second label, not a double scan.
            harness.clock.advance(seconds: 10 * 60)
            let duplicate = try await client.call(.post, "fg/receive", token: fg, json: ["qr_code": .string(passed.qrCode)])
            #expect(duplicate.status == 409)
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.status == 200)
            guard case .string(let text) = metrics.body else { Issue.record("metrics are text"); return }
            #expect(text.contains(#"ingest_events_total{device_id="scale-E1-pack-01",status="accepted"} 1"#))
            #expect(text.contains(#"ingest_events_total{device_id="scale-E1-pack-01",status="duplicate"} 1"#))
            #expect(text.contains(#"gate_hits_total{gate_type="qr_duplicate"} 1"#))
            #expect(text.contains(#"api_http_request_duration_seconds_bucket{route="/api/v1/fg/receive",method="POST",status="409""#))
            #expect(text.contains("rs_trusted_ratio 1.0\n"), "the one package has an RS weight")
        }
    }

    @Test(arguments: TestBackends.all)
    func everyGaugeIsThereFromTheFirstScrapeAndCountsWhatKiosksSawToo(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        @Sendable func scrape(_ client: Client) async throws -> String {
            guard case .string(let text) = try await client.call(.get, "/metrics").body else { return "" }
            return text
        }
        try await harness.run { client in
            let first = try await scrape(client)
            #expect(first.contains("rs_trusted_ratio 1.0\n"), "nothing untrusted yet")
            for gate in GateType.allCases { #expect(first.contains(#"gate_hits_total{gate_type="\#(gate.rawValue)"} 0"#), "\(gate)") }
            for type in ["rework_hard", "rework_soft"] { #expect(first.contains(#"rework_loss_pct{type="\#(type)"} 0"#)) }
            #expect(first.contains(#"session_delta_kg{workcenter="E1"} 0"#))
            for status in ["pending", "sent", "error"] { #expect(first.contains(#"integration_queue_backlog{status="\#(status)"} 0"#)) }
            #expect(first.contains("integration_backlog 0.0\n"), "nothing escalated")

            // What a kiosk does goes through the services, not this server: the scrape still sees it.
            let floor = harness.floor
            let roll = try floor.qcPassedRoll()
            let storekeeper = try floor.factory.actor(.fgOmbor)
            _ = try floor.receiveFG(roll.qrCode, by: storekeeper)
            // A second label of the same code, scanned by someone else: the gate and a hold;
            // its next scan meets the hold, not the gate again.
            let another = try floor.factory.actor(.fgOmbor)
            for _ in 0..<2 { _ = try? floor.receiveFG(roll.qrCode, by: another) }
            let session = try floor.factory.db.read { try Session.load($0, roll.sessionID) }
            _ = try floor.services.perform { db in
                try floor.services.packages.create(db, by: try floor.uatUser("op.aziz"), .init(
                    session: session.id, scale: "scale-E1-pack-01", length: .manual(.metres(250), reason: "gateway down"),
                    typedWeight: .init(Grams(30_000), reason: "gateway down")))
            }
            // A Bitrix24 push that failed five times is escalated.
            let finance = try floor.factory.actor(.moliya)
            let queue = floor.services.integrationQueue
            let item = try floor.services.perform { try queue.export($0, by: finance, entity: .payroll, payload: ["month": "2026-11", "lines": []]) }
            for _ in 0..<5 { _ = try floor.services.perform { try queue.markFailed($0, id: item.id, error: "Bitrix24 500", maximumAttempts: 8) } }
            let later = try await scrape(client)
            #expect(later.contains("integration_backlog 1.0\n"))
            #expect(later.contains(#"integration_queue_backlog{status="pending"} 1"#))
            #expect(later.contains(#"gate_hits_total{gate_type="qr_duplicate"} 1"#), "the second scan met the duplicate gate")
            #expect(later.contains(#"gate_hits_total{gate_type="degaz_gate"} 0"#))
            #expect(later.contains("rs_trusted_ratio 0.5\n"), "one roll weighed on the scale, one typed")
        }
    }

    @Test func theRequestLogNamesWhoCalledEvenWhenTheCallIsRefusedBeforeItsDatabaseWork() async throws {
        let harness = try await APIHarness(.sqlite)
        try harness.credentials("op.aziz")
        let log = LogLines()
        try await harness.run(logger: log.logger) { client in
            let token = try await client.login("op.aziz")
            let refused = try await client.call(.post, "packages", token: token, json: ["session_id": "not-an-id"])
            #expect(refused.status == 422)
            let line = log.all.last { $0.message == "request" && $0.metadata["route"] == "/api/v1/packages" }
            #expect(line?.metadata["status"] == "422")
            #expect(line?.metadata["caller"] == "op.aziz")
        }
    }

    @Test func everyAnswerCarriesItsTraceID() async throws {
        let harness = try await APIHarness(.sqlite)
        try await harness.run { client in
            let refused = try await client.call(.get, "me")
            let header = refused.headers[HTTPField.Name("X-Trace-Id")!]
            #expect(header != nil)
            #expect(refused.string("trace_id") == header)
            let health = try await client.call(.get, "/health")
            #expect(health.status == 200 && health.string("status") == "ok")
            #expect(try await client.call(.get, "/livez").status == 200)
            let nowhere = try await client.call(.get, "no/such/route")
            #expect(nowhere.status == 404 && nowhere.isEnvelope)
        }
    }

    @Test func anAllowlistAdmitsItsAddressesAndRangesOnly() {
        #expect(IPAllowlist.allows("10.1.2.3", []), "no list: any address")
        #expect(IPAllowlist.allows("10.1.2.3", ["10.1.2.3"]))
        #expect(IPAllowlist.allows("10.20.7.9", ["192.168.0.1", "10.20.0.0/16"]))
        #expect(!IPAllowlist.allows("10.21.7.9", ["10.20.0.0/16"]))
        #expect(!IPAllowlist.allows(nil, ["10.20.0.0/16"]), "an unknown peer is not on any list")
        #expect(!IPAllowlist.allows("10.20.7.9", ["10.20.0.0/40"]), "a malformed range admits nobody")
    }

    @Test func aDeviceHeldToAnAddressIsRefusedFromElsewhere() async throws {
        let harness = try await APIHarness(.sqlite)
        let key = try harness.deviceSecret("scale-E1-pack-01")
        try harness.floor.factory.db.write { try $0.execute("UPDATE devices SET ip_allowlist = '10.20.0.0/16' WHERE code = 'scale-E1-pack-01'") }
        try await harness.run { client in
            let reply = try await client.reading("scale-E1-pack-01", key: key, seq: 1, kg: "1")
            #expect(reply.status == 403 && reply.errorDetail["reason"] == "ip_not_allowed")
        }
        #expect(try harness.floor.factory.count("scale_events") == 0)
    }
}
