/// The RS-trusted share of DECISIONS B23, stated once: trusted ÷ all weight-bearing records —
/// packages, stock moves that weighed something (an FG receipt re-books a roll's weight, a
/// count of nothing weighs nothing), scrap containers, grinder IN/OUT and disposal — since a
/// moment (the shift's start on the wall) or over everything on record (the /metrics gauge).
public enum RSTrustedShare {
    /// nil when nothing was weighed in the period.
    public static func read(_ db: any SQLConnection, since: Timestamp? = nil) throws -> Double? {
        let (trusted, all) = try counts(db, since: since)
        return all > 0 ? Double(trusted) / Double(all) : nil
    }

    /// Trusted weighings and all of them since a moment (or ever).
    public static func counts(_ db: any SQLConnection, since: Timestamp? = nil) throws -> (trusted: Int64, all: Int64) {
        let from = since ?? Timestamp(microsecondsSinceEpoch: 0)
        guard let row = try db.query("SELECT COUNT(*) AS n, SUM(trusted) AS trusted FROM (\(weighings(until: false))) w",
                                     Array(repeating: from as any SQLBindable, count: 5)).first,
              let all = try row.optionalInt("n") else { return (0, 0) }
        return (try row.optionalInt("trusted") ?? 0, all)
    }

    /// Every weighing as one row (`kind`, `ts`, `trusted` 1 or 0), from a moment (one `?` per
    /// kind) and, with `until`, before another (a second `?` each): the one list of what counts.
    static func weighings(until: Bool) -> String {
        func period(_ column: String) -> String { "\(column) >= ?" + (until ? " AND \(column) < ?" : "") }
        return """
            SELECT 'package' AS kind, created_at AS ts, CASE WHEN weight_trusted_bool THEN 1 ELSE 0 END AS trusted
              FROM packages WHERE \(period("created_at"))
            UNION ALL
            SELECT 'stock_move', ts, CASE WHEN weight_trusted_bool THEN 1 ELSE 0 END FROM stock_txn
              WHERE type <> 'FG_RECEIVE' AND qty_milli > 0 AND \(period("ts"))
            UNION ALL
            SELECT 'scrap', created_at, CASE WHEN weight_trusted_bool THEN 1 ELSE 0 END FROM scrap_lots WHERE \(period("created_at"))
            UNION ALL
            SELECT 'rework', at, CASE WHEN scale_event_id IS NOT NULL THEN 1 ELSE 0 END FROM rework_io WHERE \(period("at"))
            UNION ALL
            SELECT 'disposal', ts, CASE WHEN scale_event_id IS NOT NULL THEN 1 ELSE 0 END FROM disposed_log WHERE \(period("ts"))
            """
    }
}
