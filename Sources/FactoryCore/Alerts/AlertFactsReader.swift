extension AlertFacts {
    /// The facts the rules need, read in one snapshot at `now`.
    public static func read(_ db: any SQLConnection, now: Timestamp, calendar: PlantCalendar, limits: AlertThresholds) throws -> AlertFacts {
        var facts = AlertFacts()
        // A scale is heard from by a reading or a heartbeat; a session's start counts as the last word
        // before it, so a scale is never "silent" for time when nothing ran.
        for row in try db.query("""
            SELECT d.id, d.code, d.last_heartbeat_at, MIN(s.started_at) AS running_since FROM devices d
            JOIN sessions s ON s.workcenter_id = d.workcenter_id AND s.status = 'opened'
            WHERE d.device_type = 'scale' AND d.active_bool = ? GROUP BY d.id, d.code, d.last_heartbeat_at ORDER BY d.code
            """, true) {
            let last = try db.queryOne("SELECT MAX(ts_ingested) AS at FROM scale_events WHERE device_id = ? AND ts_ingested >= ?",
                                       try row.string("id"), now.adding(seconds: -86_400))
            let heard = [try row.optionalTimestamp("last_heartbeat_at"), try last?.optionalTimestamp("at"), try row.timestamp("running_since")]
                .compactMap { $0 }.max()!
            facts.runningScales.append(.init(code: try row.string("code"), heardSince: heard))
        }
        facts.shiftWeighings = try RSTrustedShare.counts(db, since: calendar.shiftStart(at: now))
        facts.backlog = try db.queryOne("SELECT COUNT(*) AS n FROM integration_queue WHERE status <> 'sent'")?.int("n") ?? 0
        for row in try db.query("""
            SELECT code, calibration_due_at FROM devices WHERE active_bool = ? AND calibration_due_at IS NOT NULL AND calibration_due_at <= ? ORDER BY code
            """, true, now.adding(seconds: (limits.calibrationDays + 1) * 86_400)) {
            facts.calibrations.append(.init(code: try row.string("code"), dueAt: try row.timestamp("calibration_due_at")))
        }
        for line in try db.query("SELECT id, code FROM workcenters WHERE type NOT IN ('rework_hard', 'rework_soft') ORDER BY code") {
            let sessions = try db.query("""
                SELECT s.partiya_no, b.delta_session_g, b.limit_g FROM session_balance b JOIN sessions s ON s.id = b.session_id
                WHERE s.workcenter_id = ? ORDER BY b.computed_at DESC, b.id DESC LIMIT ?
                """, try line.string("id"), Int64(limits.deltaTrendSessions))
            guard !sessions.isEmpty else { continue }
            facts.lineSessions[try line.string("code")] = try sessions.reversed().map {
                .init(partiya: try $0.string("partiya_no"), delta: Grams(try $0.int("delta_session_g")), limit: Grams(try $0.int("limit_g")))
            }
        }
        return facts
    }
}
