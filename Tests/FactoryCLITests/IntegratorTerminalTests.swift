import FactoryCore
import FactoryTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The integrator's console in tmux beside a real `factory serve` and a real
/// `factory fake-bitrix24`: a payroll push that stopped while Bitrix24 was unreachable is
/// retried by hand once the portal is back, and arrives.
@Suite(.serialized) struct IntegratorTerminalTests {
    @Test(arguments: TestBackends.all)
    func aPushThatStoppedWhileBitrix24WasDownIsRetriedByHandAndArrives(backend: Backend) throws {
        let rig = try GatewayRig("integrator", backend: backend)
        let services = rig.floor.services
        let finance = Actor(try services.database.read { try services.users.find($0, username: "moliya") })
        let payload: JSONValue = [
            "entity": "payroll", "month": "2026-11", "version": 1, "net_total": "2081910.91",
            "lines": [["username": "op.aziz", "full_name": "Aziz Karimov", "bitrix_id": "101", "base_salary": "3000000.00", "kpi_bonus": "81910.91",
                       "avans": "1000000.00", "penalties": "0.00", "net_pay": "2081910.91"]],
        ]
        let item = try services.perform { try services.integrationQueue.export($0, by: finance, entity: .payroll, payload: payload) }
        func status() throws -> IntegrationQueue.Entry { try services.database.read { try services.integrationQueue.find($0, id: item.id) } }

        // The server's worker meets no portal: with one attempt allowed, the push stops in error.
        let portalPort = rig.port + 1
        var environment = rig.environment
        environment["BITRIX_BASE_URL"] = "http://127.0.0.1:\(portalPort)/rest/1"
        environment["BITRIX_TOKEN"] = "integrator-test-hook"
        environment["BITRIX_RETRY_MAX"] = "1"
        // A refused connection is tried again until the timeout: a short one keeps the wait short.
        environment["BITRIX_TIMEOUT_MS"] = "1000"
        environment["BITRIX_PULL_EVERY_MIN"] = "0"
        let server = try GatewayRig.Child(FactoryProcess.executable, ["serve", "--port", String(rig.port)] + rig.floor.factory.storageArguments,
                                          environment: environment, log: rig.directory.appendingPathComponent("serve.log"))
        defer { server.kill() }
        #expect(try GatewayRig.wait(seconds: 60) { try status().status == .error }, "the push never stopped: \(server.output)")
        #expect(try status().lastError?.contains("TRANSPORT") == true)

        // Bitrix24 is back.
        let portal = try GatewayRig.Child(FactoryProcess.executable, ["fake-bitrix24", "--port", String(portalPort), "--token", "integrator-test-hook"],
                                          environment: ["PATH": "/usr/bin:/bin"], log: rig.directory.appendingPathComponent("portal.log"))
        defer { portal.kill() }
        #expect(try GatewayRig.wait(seconds: 20) { portal.output.contains("fake Bitrix24 at") })

        try rig.floor.givePIN("integrator", "9901")
        let kiosk = try KioskTerminalTests.Session(["integrator", "--lang", "en"], storage: rig.floor.factory.storageArguments)
        try kiosk.signIn("integrator", pin: "9901")
        try kiosk.wait { try kiosk.screen().contains("F5 Retry") }
        try kiosk.wait { try kiosk.screen().contains("Payroll") && kiosk.screen().contains("stopped") && kiosk.screen().contains("Last error") }
        try kiosk.press("F5")
        try kiosk.wait { try kiosk.screen().contains("tried again now") }
        // The worker looks every two seconds; Refresh shows what it did.
        try kiosk.wait(seconds: 30) {
            try kiosk.press("F11")
            Thread.sleep(forTimeInterval: 0.5)
            return try kiosk.screen().split(separator: "\n").contains { $0.contains("2026-11 v1") && $0.contains(" sent ") }
        }
        let sent = try status()
        #expect(sent.status == .sent && sent.attempts == 1, "\(sent.status) \(sent.lastError ?? ""): \(server.output.suffix(1500))")
        let arrived = try JSONValue.parse(String(decoding: try Data(contentsOf: URL(string: "http://127.0.0.1:\(portalPort)/fake/elements")!), as: UTF8.self))
        #expect(arrived.arrayItems.compactMap { $0.objectFields["code"]?.stringValue } == ["payroll-2026-11-v1-u101"])
        #expect(arrived.arrayItems.first?.objectFields["fields"]?.objectFields["PROPERTY_NET_PAY"] == "2081910.91")
        let retried = try services.database.read {
            try $0.queryOne("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'integration.retried'")?.int("n") ?? 0
        }
        #expect(retried == 1, "the retry by hand is audited")
    }
}
