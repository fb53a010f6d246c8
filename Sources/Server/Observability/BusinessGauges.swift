import FactoryCore

/// Copies the plant's indicators into the gauges just before a scrape.
struct BusinessGauges {
    let api: FactoryAPI

    func refresh() async throws {
        let indicators = try await api.read { try PlantIndicators.read($0) }
        let metrics = api.metrics
        metrics.gauge("rs_trusted_ratio", [], indicators.rsTrustedRatio)
        for (type, loss) in indicators.reworkLossPercent { metrics.gauge("rework_loss_pct", [("type", type)], loss) }
        for (workcenter, delta) in indicators.sessionDeltaKg { metrics.gauge("session_delta_kg", [("workcenter", workcenter)], delta) }
        for (status, count) in indicators.integrationBacklog {
            metrics.gauge("integration_queue_backlog", [("status", status)], Double(count))
        }
        metrics.gauge("integration_backlog", [], Double(indicators.integrationEscalated))
        metrics.gateHits(indicators.gateHits)
    }
}
