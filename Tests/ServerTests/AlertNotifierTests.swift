import AsyncHTTPClient
import FactoryCore
import FactoryTestSupport
import FakeBitrix24
import Foundation
import Logging
import Server
import Testing

/// A P1 for a silent scale goes out of the plant (M14): to a plain webhook and to Bitrix24
/// users, once and once only however often the notifier runs, again after a failed call, and
/// its end follows when the scale speaks again.
@Suite struct AlertNotifierTests {
    @Test(arguments: TestBackends.all)
    func aSilentScaleReachesTheWebhookAndBitrix24OnceAndItsEndFollows(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        let floor = harness.floor
        let portal = FakeBitrix24(token: "hook-code")
        try await FakePortal.run(portal) { connection in
            let logger = Logger(label: "test.alerts")
            // As patient as the portal's client: on a loaded machine a 5 s answer is late, and a
            // late answer is (rightly) a second post, which this test is not about.
            let notifier = AlertNotifier(api: harness.api, channels: [
                WebhookAlertChannel(url: "http://127.0.0.1:\(connection.port)/fake/webhook", http: connection.http, timeoutMilliseconds: 60_000),
                Bitrix24AlertChannel(client: connection.client(attempts: 1), users: ["101"]),
            ], logger: logger)
            let monitor = AlertMonitor(api: harness.api, notifier: notifier, logger: logger)

            _ = try floor.start("E1", operators: ["op.aziz"])
            try floor.weigh("scale-E1-pack-01", 1_000)
            floor.factory.clock.advance(seconds: 125)
            let raised = try #require(await monitor.pass()?.raised.first { $0.object == "scale-E1-pack-01" })
            #expect(raised.rule == "ingest_silent" && raised.severity == .p1)

            // The portal fails the first notification: the webhook has its news, Bitrix24 waits a minute.
            portal.inject(.serverError, on: "im.notify.system.add")
            #expect(await notifier.deliver() == 1)
            #expect(await notifier.deliver() == 0, "nothing is due before the retry's minute")
            floor.factory.clock.advance(seconds: 60)
            _ = await monitor.pass()
            #expect(await notifier.deliver() == 1)
            #expect(await notifier.deliver() == 0)

            let hooks = portal.webhookBodies.filter { $0.objectFields["alert"]?.objectFields["object"]?.stringValue == "scale-E1-pack-01" }
            #expect(hooks.map { $0.objectFields["event"]?.stringValue } == ["raised"], "once, and once only")
            #expect(hooks.first?.objectFields["text"]?.stringValue?.hasPrefix("ISOCOM P1 ingest_silent: scale-E1-pack-01") == true)
            #expect(hooks.first?.objectFields["delivery"]?.stringValue == "isocom-alert-\(raised.id.text)-raised",
                    "a receiver can keep a resent piece of news once")
            let shown = portal.notifications.shown.filter { $0.key.hasPrefix("101/isocom-alert-\(raised.id.text)") }
            #expect(shown.count == 1 && portal.notifications.calls == 1 && portal.faultsServed == 1, "the refused call made nothing; its retry made the one notification")

            try floor.weigh("scale-E1-pack-01", 1_000)
            #expect(await monitor.pass()?.resolved.map(\.object) == ["scale-E1-pack-01"])
            #expect(await notifier.deliver() == 2)
            let ends = portal.webhookBodies.filter { $0.objectFields["event"]?.stringValue == "resolved" }
            #expect(ends.count == 1 && ends.first?.objectFields["alert"]?.objectFields["status"]?.stringValue == "closed")
            #expect(portal.notifications.shown.keys.contains("101/isocom-alert-\(raised.id.text)-resolved"))
            #expect(await notifier.deliver() == 0)
        }
    }
}
