import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// The alert engine over the database (M13/M14): one open alert per rule and object, condition
/// alerts closing themselves, people acknowledging and closing, and the monitor's facts read
/// from the plant under a test clock.
@Suite struct AlertServiceTests {
    func pass(_ floor: Floor) throws -> AlertService.Changes {
        let services = floor.services
        let now = services.clock.now()
        let facts = try floor.factory.db.read { try AlertFacts.read($0, now: now, calendar: services.calendar, limits: services.configuration.alertThresholds) }
        return try services.perform { try services.alerts.apply($0, AlertRules.findings(facts, services.configuration.alertThresholds, now: now)) }
    }

    @Test(arguments: TestBackends.all)
    func aSilentScaleOfARunningLineIsOneAlertUntilItSpeaksAgain(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 50_000)
        _ = try floor.start("E1", operators: ["op.aziz"])
        try floor.weigh("scale-E1-pack-01", 1_000)
        #expect(try pass(floor).raised.filter { $0.rule == "ingest_silent" }.isEmpty)

        // The last reading came a second before the weighing ended.
        floor.factory.clock.advance(seconds: 119)
        #expect(try pass(floor).raised.filter { $0.object == "scale-E1-pack-01" }.isEmpty, "two minutes are allowed")
        floor.factory.clock.advance(seconds: 1)
        let raised = try pass(floor).raised.filter { $0.object == "scale-E1-pack-01" }
        #expect(raised.map(\.rule) == ["ingest_silent"] && raised.first?.severity == .p1)
        floor.factory.clock.advance(seconds: 60)
        let again = try pass(floor)
        #expect(again.raised.isEmpty && again.resolved.isEmpty, "still silent: the same alert, now with a longer silence")
        let open = try floor.factory.db.read { try floor.services.alerts.list($0, by: floor.shopHead, severity: .p1, status: .open, page: try Page()) }
        #expect(open.count == 1 && open.first?.valueMilli == 181_000)
        // Routed to whom answers for a scale: the shop head's console and the integrator's show it, finance's does not.
        #expect(open.first?.routedTo == ["sex_boshligi", "integrator"])
        let shown = try floor.factory.db.read { db in
            try [Position.sexBoshligi, .integrator, .moliya].map { try floor.services.alerts.showing(db, to: $0).map(\.object) }
        }
        #expect(shown == [["scale-E1-pack-01"], ["scale-E1-pack-01"], []])

        try floor.weigh("scale-E1-pack-01", 1_000)
        let spoke = try pass(floor)
        #expect(spoke.resolved.map(\.object) == ["scale-E1-pack-01"] && spoke.resolved.first?.closedBy == nil)
        #expect(try floor.factory.db.read { try floor.services.alerts.showing($0, to: .sexBoshligi) }.isEmpty, "a closed alert leaves the consoles")
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func aPersonAcknowledgesThenClosesAnEventAlert(backend: Backend) throws {
        let floor = try Floor(backend)
        let services = floor.services
        let finding = AlertFinding(rule: .reworkLossPct, object: "order-1", valueMilli: 23_077, thresholdMilli: 15_000)
        let alert = try #require(try services.perform { try services.alerts.raise($0, finding) })
        #expect(try services.perform { try services.alerts.raise($0, finding) } == nil, "one open alert per rule and object")
        #expect(try pass(floor).resolved.isEmpty, "an event alert waits for a person")

        let director = try floor.factory.actor(.direktor)
        #expect(try services.perform { try services.alerts.acknowledge($0, by: floor.shopHead, alert.id) }.status == .ack)
        #expect { try services.perform { try services.alerts.acknowledge($0, by: director, alert.id) } } throws: {
            ($0 as? FactoryError)?.reason == "already_acknowledged"
        }
        #expect { try services.perform { try services.alerts.close($0, by: floor.shopOperator, alert.id) } } throws: {
            ($0 as? FactoryError)?.code == .forbidden
        }
        let closed = try services.perform { try services.alerts.close($0, by: director, alert.id) }
        #expect(closed.status == .closed && closed.closedBy == director.userID)
        #expect(try services.perform { try services.alerts.raise($0, finding) } != nil, "once closed, the next loss is a new alert")
        let actions = try floor.factory.db.read { db in
            try db.query("SELECT action FROM audit_log WHERE object_type = 'alert' ORDER BY seq").map { try $0.string("action") }
        }
        #expect(actions == ["alert.raised", "alert.acknowledged", "alert.closed", "alert.raised"])
    }

    @Test(arguments: TestBackends.all)
    func theGrindersLossRaisesItsAlertThroughTheEngine(backend: Backend) throws {
        let floor = try Floor(backend)
        let order = try floor.lossyGrinderOrder()
        let alerts = try floor.factory.db.read { try floor.services.alerts.list($0, by: floor.shopHead, severity: nil, status: nil, page: try Page()) }
        #expect(alerts.map { [$0.rule, $0.object, $0.severity.rawValue] } == [["rework_loss_pct", "\(order)", "P3"]])
        #expect(alerts.first?.valueMilli == 23_077 && alerts.first?.thresholdMilli == 15_000)
    }
}
