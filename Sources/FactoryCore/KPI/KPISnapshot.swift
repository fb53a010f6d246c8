/// A KPI snapshot as stored: one version of one period and scope, its shift results with the
/// crew's shares, and what it left out. An approved version never changes (`KPIService`).
public struct KPISnapshot: Sendable, Equatable {
    public typealias ID = TypedID<KPISnapshot>

    public struct Line: Sendable, Equatable {
        public let workcenterCode: String
        public let day: String
        public let shift: Shift
        public let uom: UnitOfMeasure
        public let actualCrew: Int64
        public let planMilli: Int64
        public let factMilli: Int64
        public let achievement: Percent
        public let bonus: Money
        public let note: String?
        public let shares: [Share]
    }

    public struct Share: Sendable, Equatable {
        public let username: String
        public let fullName: String
        public let minutes: Int64
        public let share: Money
    }

    public struct Excluded: Sendable, Equatable {
        public let qrCode: String
        public let workcenterCode: String
        public let day: String
        public let shift: Shift
        public let quantityMilli: Int64
        public let reason: String
    }

    public let id: ID
    public let periodStart: Timestamp
    public let periodEnd: Timestamp
    /// `*` for every line, or a line's code.
    public let scope: String
    public let version: Int64
    public let supersedes: ID?
    public let reason: String?
    public let status: SnapshotStatus
    public let config: KPIFacts.Config
    public let bonusTotal: Money
    public let generatedBy: String
    public let generatedAt: Timestamp
    public let approvedBy: String?
    public let approvedAt: Timestamp?
    public let lines: [Line]
    public let excluded: [Excluded]

    static func load(_ db: any SQLConnection, _ id: ID, calendar: PlantCalendar) throws -> KPISnapshot {
        guard let head = try db.queryOne("""
            SELECT k.*, g.username AS generated_name, a.username AS approved_name FROM kpi_snapshot k
            JOIN users g ON g.id = k.generated_by LEFT JOIN users a ON a.id = k.approved_by WHERE k.id = ?
            """, id) else { throw FactoryError.notFound("kpi_snapshot", id.text) }
        var shares: [String: [Share]] = [:]
        for row in try db.query("""
            SELECT s.result_id, u.username, u.full_name, s.minutes, s.share_minor FROM kpi_crew_shares s
            JOIN users u ON u.id = s.user_id WHERE s.snapshot_id = ? ORDER BY u.username
            """, id) {
            shares[try row.string("result_id"), default: []].append(Share(
                username: try row.string("username"), fullName: try row.string("full_name"), minutes: try row.int("minutes"),
                share: Money(minorUnits: try row.int("share_minor"))))
        }
        let lines = try db.query("""
            SELECT r.*, w.code AS workcenter_code FROM kpi_shift_results r JOIN workcenters w ON w.id = r.workcenter_id
            WHERE r.snapshot_id = ? ORDER BY r.shift_start, w.code
            """, id).map { row in
            Line(workcenterCode: try row.string("workcenter_code"), day: try row.string("day"), shift: try row.word("shift"),
                 uom: try row.word("uom"), actualCrew: try row.int("actual_crew"), planMilli: try row.int("plan_unit_milli"),
                 factMilli: try row.int("fact_unit_milli"), achievement: Percent(units: try row.int("ach_mpct")),
                 bonus: Money(minorUnits: try row.int("bonus_minor")), note: row.optionalString("note"),
                 shares: shares[try row.string("id")] ?? [])
        }
        let excluded = try db.query("""
            SELECT p.qr_code, w.code AS workcenter_code, e.shift_start, e.quantity_milli, e.reason FROM kpi_exclusions e
            JOIN packages p ON p.id = e.package_id JOIN workcenters w ON w.id = e.workcenter_id
            WHERE e.snapshot_id = ? ORDER BY e.shift_start, w.code, p.qr_code
            """, id).map { row in
            let start = try row.timestamp("shift_start")
            return Excluded(qrCode: try row.string("qr_code"), workcenterCode: try row.string("workcenter_code"),
                            day: calendar.day(of: start), shift: calendar.shift(at: start), quantityMilli: try row.int("quantity_milli"),
                            reason: try row.string("reason"))
        }
        return KPISnapshot(
            id: id, periodStart: try head.timestamp("period_start"), periodEnd: try head.timestamp("period_end"),
            scope: try head.string("scope"), version: try head.int("version"), supersedes: try head.optionalID("supersedes_id"),
            reason: head.optionalString("reason"), status: try head.word("status"),
            config: KPIFacts.Config(bonusAt100: Money(minorUnits: try head.int("bonus_100_minor")), cap: Percent(units: try head.int("cap_mpct")),
                                    allowManual: try head.bool("allow_manual_bool")),
            bonusTotal: Money(minorUnits: try head.int("bonus_total_minor")), generatedBy: try head.string("generated_name"),
            generatedAt: try head.timestamp("generated_at"), approvedBy: head.optionalString("approved_name"),
            approvedAt: try head.optionalTimestamp("approved_at"), lines: lines, excluded: excluded)
    }
}

extension KPISnapshot {
    /// The plant days the period covers, as people name it: "2026-11-25" or "2026-11-01…2026-11-30"
    /// (the period's end is the first moment after it).
    public func days(in calendar: PlantCalendar) -> String {
        let first = calendar.plantDay(of: periodStart)
        let last = calendar.plantDay(of: Timestamp(microsecondsSinceEpoch: periodEnd.microsecondsSinceEpoch - 1))
        return first == last ? first : "\(first)…\(last)"
    }
}
