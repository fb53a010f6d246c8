/// Reads a period's KPI facts in three queries: the rolls packed in its shifts (with their QC
/// outcome, their session's state and any override of a typed weight), the plan norms, and the
/// crews' attendance. A roll counts once QC passed it, wherever it went after (FG, on hold); the
/// OK part of a partial roll counts in the shift its parent was packed in, and the rest of it
/// and rejected rolls do not count at all.
struct KPIFactsReader {
    let calendar: PlantCalendar

    func load(_ db: any SQLConnection, from start: Timestamp, to end: Timestamp, workcenterID: String?,
              config: KPIFacts.Config) throws -> KPIFacts {
        let wc = workcenterID ?? ""
        // A shift that starts before `end` may pack until a shift's length later.
        let rolls = try db.query("""
            SELECT p.id, p.qr_code, p.weight_g, p.weight_trusted_bool, p.length_trusted_bool,
                   (p.parent_package_id IS NOT NULL OR EXISTS (SELECT 1 FROM qc_records q WHERE q.package_id = p.id AND q.decision = 'ok')) AS qc_ok,
                   COALESCE(p.length_um, CASE WHEN pp.weight_g > 0 THEN pp.length_um * p.weight_g / pp.weight_g END) AS length_um,
                   COALESCE(pp.created_at, p.created_at) AS made_at, s.workcenter_id, s.sku_id, k.code AS sku_code, k.width_um,
                   s.status AS session_status,
                   EXISTS (SELECT 1 FROM approvals a WHERE a.type = 'manual_weight_kpi_override' AND a.state = 'approved'
                           AND a.object_id = COALESCE(p.parent_package_id, p.id)) AS overridden
            FROM packages p
            JOIN sessions s ON s.id = p.session_id
            JOIN skus k ON k.id = p.sku_id
            LEFT JOIN packages pp ON pp.id = p.parent_package_id
            WHERE COALESCE(pp.created_at, p.created_at) >= ? AND COALESCE(pp.created_at, p.created_at) < ?
              AND p.status NOT IN ('qc_reject', 'qc_partial', 'reworked')
              AND (? = '' OR CAST(s.workcenter_id AS TEXT) = ?)
            """, start, end.adding(seconds: 86_400), wc, wc).compactMap { row -> KPIFacts.Roll? in
            let shiftStart = calendar.shiftStart(at: try row.timestamp("made_at"))
            guard shiftStart >= start, shiftStart < end else { return nil }
            return KPIFacts.Roll(
                packageID: try row.string("id"), qrCode: try row.string("qr_code"), workcenterID: try row.string("workcenter_id"),
                shiftStart: shiftStart, skuID: try row.string("sku_id"), skuCode: try row.string("sku_code"),
                weight: Grams(try row.int("weight_g")), lengthUM: try row.optionalInt("length_um"), widthUM: try row.optionalInt("width_um"),
                weightTrusted: try row.bool("weight_trusted_bool"), lengthTrusted: try row.optionalInt("length_trusted_bool").map { $0 != 0 } ?? true,
                overridden: try row.bool("overridden"), qcOK: try row.bool("qc_ok"),
                sessionClosed: try row.string("session_status") == SessionStatus.closed.rawValue)
        }
        let norms = try db.query("SELECT * FROM plan_norms WHERE (? = '' OR CAST(workcenter_id AS TEXT) = ?)", wc, wc).map { row in
            KPIFacts.Norm(skuID: try row.string("sku_id"), workcenterID: try row.string("workcenter_id"), plan24hMilli: try row.int("plan_24h_milli"),
                          uom: try row.word("plan_uom"), normCrew: try row.int("norm_crew"), shiftHours: try row.int("shift_hours"))
        }
        // Attendance is kept by plant day; a day before the period can hold no shift in it.
        let attendance = try db.query("""
            SELECT a.user_id, u.username, a.workcenter_id, a.day, a.shift, a.minutes FROM attendance a JOIN users u ON u.id = a.user_id
            WHERE a.day >= ? AND a.day <= ? AND a.workcenter_id IS NOT NULL AND a.shift IS NOT NULL
              AND (? = '' OR CAST(a.workcenter_id AS TEXT) = ?)
            """, calendar.day(of: start.adding(seconds: -86_400)), calendar.day(of: end), wc, wc).compactMap { row -> KPIFacts.Attendance? in
            guard let shiftStart = calendar.shiftStart(day: try row.string("day"), shift: try row.word("shift")),
                  shiftStart >= start, shiftStart < end else { return nil }
            return KPIFacts.Attendance(userID: try row.string("user_id"), username: try row.string("username"),
                                       workcenterID: try row.string("workcenter_id"), shiftStart: shiftStart, minutes: try row.int("minutes"))
        }
        return KPIFacts(rolls: rolls, norms: norms, attendance: attendance, config: config)
    }
}
