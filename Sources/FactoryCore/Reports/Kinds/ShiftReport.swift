/// The handover sheet of one shift: per line the sessions that ran in it with their balance so
/// far and their packages by QC outcome, then the gates hit and the approvals asked in the
/// shift, then the scales that were silent. What the outgoing shop head signs and the incoming
/// one reads.
enum ShiftReport: ReportKind {
    static let byLine = true

    static func write(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, into sheet: ReportSheet) throws {
        try sessions(db, scope, context, sheet)
        try gates(db, scope, context, sheet)
        try approvals(db, scope, context, sheet)
        try scales(db, scope, context, sheet)
    }

    static func sessions(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, _ sheet: ReportSheet) throws {
        try sheet.section("lines", [("workcenter", 0.7), ("partiya", 1), ("sku", 0.8), ("status", 0.8), ("input_kg", 0.9), ("good_kg", 0.9),
                                    ("scrap_expected_kg", 0.9), ("delta_kg", 0.8), ("limit_kg", 0.8), ("qc_ok", 0.8), ("qc_partial", 0.8),
                                    ("qc_reject", 0.8), ("qc_waiting", 0.7)])
        let running = try db.query("""
            SELECT s.id, w.code AS workcenter, s.partiya_no, k.code AS sku, s.status FROM sessions s
            JOIN workcenters w ON w.id = s.workcenter_id JOIN skus k ON k.id = s.sku_id
            WHERE s.started_at < ? AND (s.ended_at IS NULL OR s.ended_at >= ?) AND \(lineFilter("s.workcenter_id"))
            ORDER BY w.code, s.started_at
            """, [scope.end, scope.start] + scope.line)
        for session in running {
            let id = try session.id("id", as: Session.self)
            let balance = try context.balance.facts(db, id).balance
            var packages: [String: Int64] = [:]
            for row in try db.query("""
                SELECT status, COUNT(*) AS n FROM packages WHERE session_id = ? AND created_at >= ? AND created_at < ? GROUP BY status
                """, id, scope.start, scope.end) {
                packages[try row.string("status"), default: 0] += try row.int("n")
            }
            let waiting = ["draft_manual", "review", "awaiting_qc", "on_hold"].reduce(0) { $0 + packages[$1, default: 0] }
            try sheet.row([.text(try session.string("workcenter")), .text(try session.string("partiya_no")), .text(try session.string("sku")),
                           .text(context.word("status.session.\(try session.string("status"))")), .kg(balance.input.grams), .kg(balance.good.grams),
                           .kg(balance.scrapExpected.grams), .kg(balance.delta.grams), .kg(balance.limit.grams),
                           .integer(packages["qc_ok", default: 0] + packages["fg_received", default: 0]), .integer(packages["qc_partial", default: 0]),
                           .integer(packages["qc_reject", default: 0] + packages["reworked", default: 0]), .integer(waiting)])
        }
        if running.isEmpty { sheet.note(context.word("report.note.no_sessions")) }
    }

    static func gates(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, _ sheet: ReportSheet) throws {
        try sheet.section("gates", [("opened_at", 1.1), ("gate", 1.6), ("object", 1.6), ("note", 3), ("released_at", 1.1), ("released_by", 1)])
        try db.forEachRow("""
            SELECT g.ts, g.gate_type, g.object_type, g.object_ref, g.note, g.released_at, u.username AS released_by FROM gate_log g
            LEFT JOIN users u ON u.id = g.released_by
            WHERE g.ts >= ? AND g.ts < ? ORDER BY g.ts
            """, [scope.start, scope.end]) { row in
            let reference = (try? JSONValue.parse(row.optionalString("object_ref") ?? "null"))?.objectFields
            let object = try reference?.sorted { $0.key < $1.key }.compactMap { $0.value.stringValue }.first ?? row.string("object_type")
            try sheet.row([context.moment(try row.timestamp("ts")), .text(context.word("gate.\(try row.string("gate_type"))")), .text(object),
                           .text(row.optionalString("note") ?? ""), context.moment(try row.optionalTimestamp("released_at")),
                           .text(row.optionalString("released_by") ?? "")])
        }
    }

    static func approvals(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, _ sheet: ReportSheet) throws {
        try sheet.section("approvals", [("requested_at", 1.1), ("approval", 1.4), ("object", 1.2), ("state", 0.8), ("requested_by", 1),
                                        ("decided_by", 1), ("comment", 2.5)])
        try db.forEachRow("""
            SELECT a.requested_at, a.type, a.object_type, a.state, r.username AS requested_by, d.username AS decided_by, a.comment FROM approvals a
            JOIN users r ON r.id = a.requested_by LEFT JOIN users d ON d.id = a.approver_id
            WHERE (a.requested_at >= ? AND a.requested_at < ?) OR (a.approved_at >= ? AND a.approved_at < ?) ORDER BY a.requested_at
            """, [scope.start, scope.end, scope.start, scope.end]) { row in
            try sheet.row([context.moment(try row.timestamp("requested_at")), .text(context.word("approval.type.\(try row.string("type"))")),
                           .text(try row.string("object_type")), .text(context.word("report.approval.\(try row.string("state"))")),
                           .text(try row.string("requested_by")), .text(row.optionalString("decided_by") ?? ""), .text(row.optionalString("comment") ?? "")])
        }
    }

    /// Scales that sent no reading in the shift, or whose last word is older than the P1 alert's
    /// silence (`ALERT_SILENT_SEC`) at the shift's end (or now, for the shift under way).
    static func scales(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, _ sheet: ReportSheet) throws {
        try sheet.section("scales", [("device", 1.4), ("workcenter", 0.8), ("readings", 0.8), ("last_heard", 1.2), ("silent_min", 0.8)])
        let until = min(scope.end, context.now)
        for row in try db.query("""
            SELECT d.id, d.code, w.code AS workcenter, d.last_heartbeat_at FROM devices d LEFT JOIN workcenters w ON w.id = d.workcenter_id
            WHERE d.device_type = 'scale' AND d.active_bool = ? AND \(lineFilter("d.workcenter_id")) ORDER BY d.code
            """, [true] + scope.line) {
            let readings = try db.queryOne("""
                SELECT COUNT(*) AS n, MAX(ts_ingested) AS last FROM scale_events WHERE device_id = ? AND ts_ingested >= ? AND ts_ingested < ?
                """, try row.string("id"), scope.start, scope.end)
            let count = try readings?.optionalInt("n") ?? 0
            let heard = [try readings?.optionalTimestamp("last"), try row.optionalTimestamp("last_heartbeat_at")].compactMap { $0 }.max()
            let silent = Int64(until.seconds(since: max(heard ?? scope.start, scope.start)))
            guard count == 0 || silent > context.silentSeconds else { continue }
            try sheet.row([.text(try row.string("code")), .text(row.optionalString("workcenter") ?? ""), .integer(count), context.moment(heard),
                           .integer(max(silent, 0) / 60)])
        }
    }
}
