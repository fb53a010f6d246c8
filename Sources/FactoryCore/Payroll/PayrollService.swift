import Foundation

/// A month's payroll per person (M11, B26): base + the KPI bonus of the month's approved KPI −
/// advance − penalties = net; generate → approve; a change after approval is a new version
/// with a reason. Payroll is personal data: only holders of `payroll.view_pii` read it.
public struct PayrollService: Sendable {
    public let audit: AuditLog
    public let approvals: ApprovalEngine
    public let calendar: PlantCalendar
    public let kpi: KPIService
    public let users: UserService
    public let approvers: Set<Position>
    /// Where an approved payroll's push to Bitrix24 is queued (DECISIONS A, Integration).
    public let queue: IntegrationQueue

    public init(audit: AuditLog, approvals: ApprovalEngine, calendar: PlantCalendar, kpi: KPIService, users: UserService, approvers: Set<Position>) {
        (self.audit, self.approvals, self.calendar, self.kpi, self.users, self.approvers) = (audit, approvals, calendar, kpi, users, approvers)
        queue = IntegrationQueue(audit: audit)
    }

    // MARK: Inputs

    /// A person's base salary and the advance paid for a month; again replaces it.
    public func setRate(_ db: any SQLConnection, by actor: Actor, username: String, month: String, base: Money, advance: Money) throws {
        try PermissionMatrix.require(actor, .payrollGenerate)
        _ = try bounds(of: month)
        let userID = try users.find(db, username: username).id
        guard base.minorUnits >= 0, advance.minorUnits >= 0 else {
            throw FactoryError.validation(field: "base_salary", reason: "negative", "a salary and an advance are not negative")
        }
        try db.execute("""
            INSERT INTO pay_rates (user_id, month, base_salary_minor, avans_minor, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (user_id, month) DO UPDATE SET base_salary_minor = excluded.base_salary_minor, avans_minor = excluded.avans_minor,
              updated_at = excluded.updated_at
            """, userID, month, base.minorUnits, advance.minorUnits, audit.clock.now())
        try audit.record(db, by: .user(actor), action: "payroll.rate_set", object: AuditObject("user", userID),
                         new: ["month": .string(month), "base_salary": .string(base.decimalText), "avans": .string(advance.decimalText)])
    }

    /// A penalty of a kind the KPI configuration prices, counted `count` times in a month.
    public func recordPenalty(_ db: any SQLConnection, by actor: Actor, username: String, month: String, kind: String, count: Int64,
                              note: String?) throws {
        try PermissionMatrix.require(actor, .payrollGenerate)
        _ = try bounds(of: month)
        let catalogue = try kpi.config(db, at: audit.clock.now()).penalties
        guard catalogue[kind] != nil else {
            throw FactoryError.validation(field: "kind", reason: "unknown_penalty",
                                          "'\(kind)' is not a penalty of the KPI configuration: use one of \(catalogue.keys.sorted().joined(separator: ", "))")
        }
        guard count > 0 else { throw FactoryError.validation(field: "count", reason: "out_of_range", "a penalty counts at least once") }
        let userID = try users.find(db, username: username).id
        let id = TypedID<PayrollSnapshot.Line>()
        try db.execute("""
            INSERT INTO penalties (id, user_id, month, kind, count, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, id, userID, month, kind, count, note, actor.userID, audit.clock.now())
        try audit.record(db, by: .user(actor), action: "payroll.penalty_recorded", object: AuditObject("user", userID),
                         new: ["month": .string(month), "kind": .string(kind), "count": .int(count), "note": JSONValue.from(note)])
    }

    // MARK: Generate and approve

    public func generate(_ db: any SQLConnection, by actor: Actor, month: String, includeAdvance: Bool, reason: String? = nil) throws -> PayrollSnapshot {
        try PermissionMatrix.require(actor, .payrollGenerate)
        let (start, end) = try bounds(of: month)
        let bonuses = try monthBonuses(db, month: month, from: start, to: end)
        let now = audit.clock.now()
        let next = try SnapshotChain.payroll.next(db, chain: "month = ?", [month], reason: reason)
        let catalogue = try kpi.config(db, at: now).penalties
        var penalties: [String: Int64] = [:]
        for row in try db.query("SELECT user_id, kind, count FROM penalties WHERE month = ?", month) {
            let kind = try row.string("kind")
            guard let amount = catalogue[kind] else {
                throw FactoryError.conflict("unknown_penalty", "a penalty of \(month) is of kind '\(kind)', which the KPI configuration no longer prices: price it again first",
                                            details: ["kind": kind])
            }
            penalties[try row.string("user_id"), default: 0] += PayrollArithmetic.penalty(count: try row.int("count"), amount: amount).minorUnits
        }
        var rates: [String: (base: Int64, advance: Int64)] = [:]
        for row in try db.query("SELECT user_id, base_salary_minor, avans_minor FROM pay_rates WHERE month = ?", month) {
            rates[try row.string("user_id")] = (try row.int("base_salary_minor"), try row.int("avans_minor"))
        }
        let people = Set(rates.keys).union(bonuses.keys).union(penalties.keys).sorted()
        guard !people.isEmpty else {
            throw FactoryError.conflict("nothing_to_pay", "nobody has a salary, a KPI bonus or a penalty in \(month): set the month's salaries first")
        }
        let id = PayrollSnapshot.ID()
        var total: Int64 = 0
        try db.execute("""
            INSERT INTO payroll_snapshot (id, month, version, supersedes_id, reason, status, include_avans_bool, net_total_minor, generated_by, generated_at)
            VALUES (?, ?, ?, ?, ?, 'draft', ?, 0, ?, ?)
            """, id, month, next.version, next.supersedes, next.reason, includeAdvance, actor.userID, now)
        for person in people {
            let line = PayrollArithmetic.line(base: Money(minorUnits: rates[person]?.base ?? 0), kpiBonus: Money(minorUnits: bonuses[person] ?? 0),
                                              advance: Money(minorUnits: rates[person]?.advance ?? 0),
                                              penalties: Money(minorUnits: penalties[person] ?? 0), includeAdvance: includeAdvance)
            total += line.net.minorUnits
            try db.execute("""
                INSERT INTO payroll_lines (snapshot_id, user_id, base_salary_minor, kpi_bonus_minor, avans_minor, penalties_minor, net_pay_minor)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, id, person, line.base.minorUnits, line.kpiBonus.minorUnits, line.advance.minorUnits, line.penalties.minorUnits, line.net.minorUnits)
        }
        try db.execute("UPDATE payroll_snapshot SET net_total_minor = ? WHERE id = ?", total, id)
        // The month and the totals only: the audit log is read more widely than payroll.
        try audit.record(db, by: .user(actor), action: next.isCorrection ? "payroll.corrected" : "payroll.generated",
                         object: AuditObject("payroll_snapshot", id),
                         new: ["month": .string(month), "version": .int(next.version), "reason": JSONValue.from(next.reason),
                               "people": .int(Int64(people.count)), "include_avans": .bool(includeAdvance)])
        return try PayrollSnapshot.load(db, id)
    }

    public func approve(_ db: any SQLConnection, by actor: Actor, _ id: PayrollSnapshot.ID, comment: String? = nil) throws -> PayrollSnapshot {
        try SnapshotChain.payroll.approve(db, by: actor, id: id.text, approvers: approvers, approvals: approvals, comment: comment)
        let snapshot = try PayrollSnapshot.load(db, id)
        try audit.record(db, by: .user(actor), action: "payroll.approved", object: AuditObject("payroll_snapshot", id),
                         new: ["month": .string(snapshot.month), "version": .int(snapshot.version)])
        if snapshot.status == .approved {
            _ = try queue.export(db, by: actor, entity: .payroll, payload: try BitrixPushPayload.payroll(db, snapshot))
        }
        return snapshot
    }

    // MARK: Read (personal data)

    public func find(_ db: any SQLConnection, by actor: Actor, _ id: PayrollSnapshot.ID) throws -> PayrollSnapshot {
        try PermissionMatrix.require(actor, .payrollViewPII)
        return try PayrollSnapshot.load(db, id)
    }

    /// Every version of a month, newest first.
    public func list(_ db: any SQLConnection, by actor: Actor, month: String) throws -> [PayrollSnapshot] {
        try PermissionMatrix.require(actor, .payrollViewPII)
        _ = try bounds(of: month)
        return try db.query("SELECT id FROM payroll_snapshot WHERE month = ? ORDER BY version DESC", month)
            .map { try PayrollSnapshot.load(db, try $0.id("id")) }
    }

    // MARK: The month's KPI

    /// Each person's KPI bonus of the month: the shares of the month's shifts in the newest
    /// version of every KPI snapshot touching it, all of which must be approved.
    func monthBonuses(_ db: any SQLConnection, month: String, from start: Timestamp, to end: Timestamp) throws -> [String: Int64] {
        let current = try db.query("""
            SELECT k.id, k.status, k.scope FROM kpi_snapshot k
            WHERE k.period_start < ? AND k.period_end > ?
              AND k.version = (SELECT max(o.version) FROM kpi_snapshot o
                               WHERE o.period_start = k.period_start AND o.period_end = k.period_end AND o.scope = k.scope)
            """, end, start)
        guard !current.isEmpty else {
            throw FactoryError.conflict("kpi_missing", "\(month) has no KPI snapshot: generate and approve the month's KPI first")
        }
        if let draft = try current.first(where: { try $0.word("status", as: SnapshotStatus.self) == .draft }) {
            throw FactoryError.conflict("kpi_not_approved", "the KPI of \(month) (\(try draft.string("scope"))) is still a draft: approve it first",
                                        details: ["snapshot_id": try draft.string("id")])
        }
        var bonuses: [String: Int64] = [:]
        for snapshot in current {
            for row in try db.query("""
                SELECT s.user_id, s.share_minor FROM kpi_crew_shares s JOIN kpi_shift_results r ON r.id = s.result_id
                WHERE s.snapshot_id = ? AND r.day >= ? AND r.day < ?
                """, try snapshot.string("id"), "\(month)-01", "\(month)-99") {
                bonuses[try row.string("user_id"), default: 0] += try row.int("share_minor")
            }
        }
        return bonuses
    }

    /// The shifts of a plant month: from its first day shift to the next month's.
    func bounds(of month: String) throws -> (Timestamp, Timestamp) {
        guard let bounds = calendar.month(month) else {
            throw FactoryError.validation(field: "month", reason: "bad_month", "'\(month)' is not a month: write it as 2026-12")
        }
        return bounds
    }
}
