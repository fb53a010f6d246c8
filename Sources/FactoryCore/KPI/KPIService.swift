/// KPI per shift and line (M11): generate a snapshot of a period from the floor's facts, review
/// it, approve it (which freezes it); a change after approval is a new version with a reason.
/// Every step is one transaction with its audit row.
public struct KPIService: Sendable {
    public let audit: AuditLog
    public let approvals: ApprovalEngine
    public let calendar: PlantCalendar
    public let approvers: Set<Position>
    /// Where an approved snapshot's push to Bitrix24 is queued (DECISIONS A, Integration).
    public let queue: IntegrationQueue

    /// A period of more than this many days is refused: a month and its edges fit.
    public static let longestPeriodDays: Int64 = 62

    public init(audit: AuditLog, approvals: ApprovalEngine, calendar: PlantCalendar, approvers: Set<Position>) {
        (self.audit, self.approvals, self.calendar, self.approvers) = (audit, approvals, calendar, approvers)
        queue = IntegrationQueue(audit: audit)
    }

    // MARK: Configuration

    /// Sets the KPI configuration from now on; earlier snapshots keep the one they were made with.
    public func configure(_ db: any SQLConnection, by actor: Actor, _ config: KPIFacts.Config) throws {
        try PermissionMatrix.require(actor, .payrollGenerate)
        guard config.cap.units > 0, config.cap.units <= Percent.whole(1000).units else {
            throw FactoryError.validation(field: "cap_pct", reason: "out_of_range", "the cap is a percentage above 0 and at most 1000")
        }
        if let kind = config.penalties.keys.first(where: { !KPIConfigFile.isPenaltyKind($0) }) {
            throw FactoryError.validation(field: "penalties", reason: "bad_kind", "penalty kind '\(kind)' must be lower-case letters, digits or '_'")
        }
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO kpi_config (id, bonus_100_minor, cap_mpct, penalties_json, allow_manual_bool, valid_from) VALUES (?, ?, ?, ?, ?, ?)
            """, TypedID<KPIFacts.Config>(), config.bonusAt100.minorUnits, config.cap.units, KPIConfigFile.penaltiesJSON(config.penalties).canonicalText,
            config.allowManual, now)
        try audit.record(db, by: .user(actor), action: "kpi.configured", object: AuditObject("kpi_config", "current"),
                         new: ["bonus_100": .string(config.bonusAt100.decimalText), "cap_pct": .string(config.cap.plainText),
                               "allow_manual": .bool(config.allowManual), "penalties": KPIConfigFile.penaltiesJSON(config.penalties)])
    }

    /// The configuration in force at a moment.
    public func config(_ db: any SQLConnection, at time: Timestamp) throws -> KPIFacts.Config {
        guard let row = try db.queryOne("SELECT * FROM kpi_config WHERE valid_from <= ? ORDER BY valid_from DESC LIMIT 1", time) else {
            throw FactoryError.conflict("kpi_config_missing", "the KPI has no configuration yet: finance sets the bonus at 100 % and the cap first")
        }
        return KPIFacts.Config(bonusAt100: Money(minorUnits: try row.int("bonus_100_minor")), cap: Percent(units: try row.int("cap_mpct")),
                               allowManual: try row.bool("allow_manual_bool"),
                               penalties: try KPIConfigFile.penalties(from: row.optionalString("penalties_json")))
    }

    // MARK: Generate

    /// Computes the period's KPI and stores it as a draft: a draft of the same period and scope
    /// is replaced; an approved one is kept and followed by a new version, which needs a reason.
    public func generate(_ db: any SQLConnection, by actor: Actor, from start: Timestamp, to end: Timestamp,
                         workcenter code: String? = nil, reason: String? = nil) throws -> KPISnapshot {
        try PermissionMatrix.require(actor, .kpiGenerate)
        guard end > start else {
            throw FactoryError.validation(field: "period_end", reason: "before_start", "the period must end after it starts")
        }
        guard end.microsecondsSinceEpoch - start.microsecondsSinceEpoch <= Self.longestPeriodDays * 86_400_000_000 else {
            throw FactoryError.validation(field: "period_end", reason: "too_long", "a KPI period is at most \(Self.longestPeriodDays) days: generate month by month")
        }
        let workcenter = try code.map { try WorkcenterKey.resolve(db, $0) }
        let scope = workcenter?.code ?? "*"
        try refuseOverlap(db, from: start, to: end, scope: scope)
        guard try db.queryOne("""
            SELECT 1 AS found FROM sessions s JOIN session_balance b ON b.session_id = s.id
            WHERE s.status = 'closed' AND s.started_at < ? AND COALESCE(s.ended_at, s.started_at) >= ? AND (? = '' OR CAST(s.workcenter_id AS TEXT) = ?)
            LIMIT 1
            """, end, start, workcenter?.id ?? "", workcenter?.id ?? "") != nil else {
            throw FactoryError.conflict("no_closed_session", "no session was closed in this period: the KPI counts closed sessions only, so close them first",
                                        details: ["scope": scope])
        }

        let now = audit.clock.now()
        let next = try SnapshotChain.kpi.next(db, chain: "period_start = ? AND period_end = ? AND scope = ?", [start, end, scope], reason: reason)
        // The configuration in force when it is generated; the snapshot keeps a copy of it.
        let config = try config(db, at: now)
        let facts = try KPIFactsReader(calendar: calendar).load(db, from: start, to: end, workcenterID: workcenter?.id, config: config)
        let outcome = KPICalculation.compute(facts)
        let id = KPISnapshot.ID()
        try db.execute("""
            INSERT INTO kpi_snapshot (id, period_start, period_end, workcenter_id, scope, version, supersedes_id, reason, status,
                                      bonus_100_minor, cap_mpct, allow_manual_bool, bonus_total_minor, generated_by, generated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)
            """, id, start, end, workcenter?.id, scope, next.version, next.supersedes, next.reason,
            config.bonusAt100.minorUnits, config.cap.units, config.allowManual, outcome.bonusTotal.minorUnits, actor.userID, now)
        for result in outcome.results {
            let resultID = TypedID<KPICalculation.ShiftResult>()
            let parts = JSONValue.array(result.parts.map { part in
                ["sku": .string(part.skuCode), "plan_24h_milli": .int(part.norm.plan24hMilli), "norm_crew": .int(part.norm.normCrew),
                 "shift_hours": .int(part.norm.shiftHours), "plan_milli": .int(part.planMilli), "fact_milli": .int(part.factMilli)]
            })
            try db.execute("""
                INSERT INTO kpi_shift_results (id, snapshot_id, shift_start, day, shift, workcenter_id, uom, actual_crew, plan_unit_milli,
                                               fact_unit_milli, ach_mpct, bonus_minor, parts_json, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, resultID, id, result.shiftStart, calendar.day(of: result.shiftStart), calendar.shift(at: result.shiftStart),
                result.workcenterID, result.uom, result.actualCrew, result.planMilli, result.factMilli, result.achievement.units,
                result.bonus.minorUnits, parts.canonicalText, result.note?.rawValue)
            for share in result.shares {
                try db.execute("""
                    INSERT INTO kpi_crew_shares (result_id, snapshot_id, user_id, minutes, share_minor) VALUES (?, ?, ?, ?, ?)
                    """, resultID, id, share.userID, share.minutes, share.share.minorUnits)
            }
        }
        for excluded in outcome.exclusions {
            try db.execute("""
                INSERT INTO kpi_exclusions (snapshot_id, package_id, workcenter_id, shift_start, quantity_milli, reason) VALUES (?, ?, ?, ?, ?, ?)
                """, id, excluded.roll.packageID, excluded.roll.workcenterID, excluded.roll.shiftStart, excluded.quantityMilli, excluded.reason.rawValue)
        }
        try audit.record(db, by: .user(actor), action: next.isCorrection ? "kpi.corrected" : "kpi.generated",
                         object: AuditObject("kpi_snapshot", id),
                         new: ["period_start": .string(start.iso8601), "period_end": .string(end.iso8601), "scope": .string(scope),
                               "version": .int(next.version), "reason": JSONValue.from(next.reason),
                               "bonus_total": .string(outcome.bonusTotal.decimalText), "shifts": .int(Int64(outcome.results.count)),
                               "excluded": .int(Int64(outcome.exclusions.count))])
        return try find(db, id)
    }

    // MARK: Approve

    /// Approves a draft: it is frozen from then on. The approval is recorded by the approval
    /// engine, so who allowed it is in the approvals and the signed audit log.
    public func approve(_ db: any SQLConnection, by actor: Actor, _ id: KPISnapshot.ID, comment: String? = nil) throws -> KPISnapshot {
        try SnapshotChain.kpi.approve(db, by: actor, id: id.text, approvers: approvers, approvals: approvals, comment: comment)
        let snapshot = try find(db, id)
        try audit.record(db, by: .user(actor), action: "kpi.approved", object: AuditObject("kpi_snapshot", id),
                         new: ["version": .int(snapshot.version), "bonus_total": .string(snapshot.bonusTotal.decimalText)])
        if snapshot.status == .approved {
            _ = try queue.export(db, by: actor, entity: .kpi, payload: try BitrixPushPayload.kpi(db, snapshot, calendar: calendar))
        }
        return snapshot
    }

    // MARK: Read

    public func find(_ db: any SQLConnection, _ id: KPISnapshot.ID) throws -> KPISnapshot {
        try KPISnapshot.load(db, id, calendar: calendar)
    }

    /// Every version whose period touches [start, end), newest first.
    public func list(_ db: any SQLConnection, from start: Timestamp, to end: Timestamp) throws -> [KPISnapshot] {
        try db.query("""
            SELECT id FROM kpi_snapshot WHERE period_start < ? AND period_end > ? ORDER BY period_start, scope, version DESC
            """, end, start).map { try find(db, try $0.id("id")) }
    }

    // MARK: Rules of the period

    /// Two snapshots may not count the same shift of the same line twice: a period that overlaps
    /// another period's (other bounds, or all lines against one) is refused.
    private func refuseOverlap(_ db: any SQLConnection, from start: Timestamp, to end: Timestamp, scope: String) throws {
        if let other = try db.queryOne("""
            SELECT id, period_start, period_end, scope FROM kpi_snapshot
            WHERE period_start < ? AND period_end > ? AND NOT (period_start = ? AND period_end = ? AND scope = ?)
              AND (scope = '*' OR ? = '*' OR scope = ?)
            LIMIT 1
            """, end, start, start, end, scope, scope, scope) {
            throw FactoryError.conflict("period_overlaps", "another KPI snapshot (\(try other.string("scope")), \(try other.timestamp("period_start").iso8601) to \(try other.timestamp("period_end").iso8601)) covers part of this period: generate that period again instead",
                                        details: ["snapshot_id": try other.string("id")])
        }
    }

}
