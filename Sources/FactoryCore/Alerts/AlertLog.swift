/// Where the floor raises a problem for someone to look at (spec §3 M14, `alerts`): a metric
/// beyond its threshold, written in the transaction of the fact that crossed it, so that no
/// alert exists without its fact and no such fact without its alert.
public enum AlertLog {
    public enum Metric: String, Sendable {
        /// The grinder lost more than DECISIONS A's 15 % (P3).
        case reworkLossPct = "rework_loss_pct"
        /// A shipment arrived with a weight beyond TRANSFER_DIFF_ALERT_PCT of what was sent (B17).
        case transferDifferencePct = "transfer_difference_pct"
    }

    public static func raise(_ db: any SQLConnection, _ severity: AlertSeverity, _ metric: Metric, value: Percent, threshold: Percent,
                             at now: Timestamp) throws {
        try db.execute("""
            INSERT INTO alerts (id, severity, metric_code, value_milli, threshold_milli, ts, routed_to) VALUES (?, ?, ?, ?, ?, ?, '[]')
            """, TypedID<AlertLog>(), severity.rawValue, metric.rawValue, value.units, threshold.units, now)
    }
}
