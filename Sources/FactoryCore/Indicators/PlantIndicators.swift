/// The business gauges of spec §20.1, read from the facts when metrics are scraped: the share
/// of weight-bearing records with a trusted (RS) weight, the last Loss% per rework type, the
/// delta of each workcenter's latest closed session, the integration backlog per status, and
/// the gate hits per gate, whichever process saw them. Every series exists from the first
/// scrape: a rule on it never waits for the first event.
public struct PlantIndicators: Sendable, Equatable {
    /// trusted ÷ (trusted + manual) over every weighing on record (DECISIONS B23); 1 before
    /// the first, when nothing untrusted exists.
    public var rsTrustedRatio: Double = 1
    public var reworkLossPercent: [String: Double] = [:]
    public var sessionDeltaKg: [String: Double] = [:]
    public var integrationBacklog: [String: Int64] = [:]
    /// Queue items that failed five times or more and are not sent (`integration_backlog`).
    public var integrationEscalated: Int64 = 0
    public var gateHits: [String: Int64] = [:]

    public static func read(_ db: any SQLConnection) throws -> PlantIndicators {
        var indicators = PlantIndicators()
        for type in ReworkOrderType.allCases { indicators.reworkLossPercent[type.rawValue] = 0 }
        for status in IntegrationStatus.allCases { indicators.integrationBacklog[status.rawValue] = 0 }
        for gate in GateType.allCases { indicators.gateHits[gate.rawValue] = 0 }
        for row in try db.query("SELECT code FROM workcenters WHERE type NOT IN ('rework_hard', 'rework_soft')") { indicators.sessionDeltaKg[try row.string("code")] = 0 }
        indicators.rsTrustedRatio = try RSTrustedShare.read(db) ?? 1
        for row in try db.query("SELECT gate_type, SUM(hits) AS n FROM gate_log GROUP BY gate_type") {
            indicators.gateHits[try row.string("gate_type")] = try row.int("n")
        }
        for row in try db.query("""
            SELECT o.type, o.loss_mpct FROM rework_orders o WHERE o.loss_mpct IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM rework_orders p WHERE p.type = o.type AND p.loss_mpct IS NOT NULL
                AND (p.closed_at > o.closed_at OR (p.closed_at = o.closed_at AND p.id > o.id)))
            """) {
            indicators.reworkLossPercent[try row.string("type")] = Double(try row.int("loss_mpct")) / 1000
        }
        for row in try db.query("""
            SELECT w.code, b.delta_session_g FROM session_balance b JOIN sessions s ON s.id = b.session_id
            JOIN workcenters w ON w.id = s.workcenter_id WHERE NOT EXISTS (
              SELECT 1 FROM session_balance b2 JOIN sessions s2 ON s2.id = b2.session_id
              WHERE s2.workcenter_id = s.workcenter_id AND (b2.computed_at > b.computed_at OR (b2.computed_at = b.computed_at AND b2.id > b.id)))
            """) {
            indicators.sessionDeltaKg[try row.string("code")] = Double(try row.int("delta_session_g")) / 1000
        }
        for row in try db.query("SELECT status, COUNT(*) AS n FROM integration_queue GROUP BY status") {
            indicators.integrationBacklog[try row.string("status")] = try row.int("n")
        }
        indicators.integrationEscalated = try IntegrationQueue.escalatedCount(db)
        return indicators
    }
}
