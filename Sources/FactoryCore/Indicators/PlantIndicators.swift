/// The business gauges of spec §20.1, read from the facts when metrics are scraped: the share
/// of packages with a trusted (RS) weight, the last Loss% per rework type, the delta of each
/// workcenter's latest closed session, and the integration backlog per status.
public struct PlantIndicators: Sendable, Equatable {
    /// trusted ÷ (trusted + manual); `nil` before the first package.
    public var rsTrustedRatio: Double?
    public var reworkLossPercent: [String: Double] = [:]
    public var sessionDeltaKg: [String: Double] = [:]
    public var integrationBacklog: [String: Int64] = [:]

    public static func read(_ db: any SQLConnection) throws -> PlantIndicators {
        var indicators = PlantIndicators()
        if let row = try db.queryOne("""
            SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN weight_trusted_bool THEN 1 ELSE 0 END), 0) AS trusted FROM packages
            """), try row.int("n") > 0 {
            indicators.rsTrustedRatio = Double(try row.int("trusted")) / Double(try row.int("n"))
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
        return indicators
    }
}
