/// One version of a month's payroll: a line per person (DECISIONS B26). Personal data: only
/// holders of `payroll.view_pii` read it (`PayrollService`).
public struct PayrollSnapshot: Sendable, Equatable {
    public typealias ID = TypedID<PayrollSnapshot>

    public struct Line: Sendable, Equatable {
        public let username: String
        public let fullName: String
        public let base: Money
        public let kpiBonus: Money
        public let advance: Money
        public let penalties: Money
        public let net: Money
    }

    public let id: ID
    public let month: String
    public let version: Int64
    public let supersedes: ID?
    public let reason: String?
    public let status: SnapshotStatus
    public let includeAdvance: Bool
    public let netTotal: Money
    public let generatedBy: String
    public let generatedAt: Timestamp
    public let approvedBy: String?
    public let approvedAt: Timestamp?
    public let lines: [Line]

    static func load(_ db: any SQLConnection, _ id: ID) throws -> PayrollSnapshot {
        guard let head = try db.queryOne("""
            SELECT p.*, g.username AS generated_name, a.username AS approved_name FROM payroll_snapshot p
            JOIN users g ON g.id = p.generated_by LEFT JOIN users a ON a.id = p.approved_by WHERE p.id = ?
            """, id) else { throw FactoryError.notFound("payroll_snapshot", id.text) }
        let lines = try db.query("""
            SELECT l.*, u.username, u.full_name FROM payroll_lines l JOIN users u ON u.id = l.user_id WHERE l.snapshot_id = ? ORDER BY u.username
            """, id).map { row in
            Line(username: try row.string("username"), fullName: try row.string("full_name"),
                 base: Money(minorUnits: try row.int("base_salary_minor")), kpiBonus: Money(minorUnits: try row.int("kpi_bonus_minor")),
                 advance: Money(minorUnits: try row.int("avans_minor")), penalties: Money(minorUnits: try row.int("penalties_minor")),
                 net: Money(minorUnits: try row.int("net_pay_minor")))
        }
        return PayrollSnapshot(
            id: id, month: try head.string("month"), version: try head.int("version"), supersedes: try head.optionalID("supersedes_id"),
            reason: head.optionalString("reason"), status: try head.word("status"), includeAdvance: try head.bool("include_avans_bool"),
            netTotal: Money(minorUnits: try head.int("net_total_minor")), generatedBy: try head.string("generated_name"),
            generatedAt: try head.timestamp("generated_at"), approvedBy: head.optionalString("approved_name"),
            approvedAt: try head.optionalTimestamp("approved_at"), lines: lines)
    }
}
