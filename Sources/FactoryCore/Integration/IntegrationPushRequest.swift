extension IntegrationQueue {
    /// Queues the push of a month's approved figures on demand (spec §11 `integration/push`):
    /// the newest version of the month's payroll, or of each KPI period that starts in the month.
    /// Approval queues them by itself; this is the way to send them again after the portal was
    /// set up or a record there was deleted. The same version again is the same queue item.
    public func requestPush(_ db: any SQLConnection, by actor: Actor, entity: IntegrationEntity, month: String,
                            calendar: PlantCalendar) throws -> [Item] {
        try PermissionMatrix.require(actor.position, oneOf: [.integrationManage, .payrollExport])
        guard let bounds = calendar.month(month) else {
            throw FactoryError.validation(field: "period", reason: "bad_month", "'\(month)' is not a month: write it as 2026-11")
        }
        switch entity {
        case .payroll:
            guard let newest = try db.queryOne("SELECT id, status, version FROM payroll_snapshot WHERE month = ? ORDER BY version DESC LIMIT 1", month),
                  try newest.string("status") == SnapshotStatus.approved.rawValue else {
                throw FactoryError.conflict("nothing_approved", "the \(month) payroll has no approved newest version: approve it first", details: ["month": month])
            }
            let snapshot = try PayrollSnapshot.load(db, try newest.id("id"))
            return [try export(db, by: actor, entity: .payroll, payload: try BitrixPushPayload.payroll(db, snapshot))]
        case .kpi:
            let newest = try db.query("""
                SELECT s.id, s.status FROM kpi_snapshot s WHERE s.period_start >= ? AND s.period_start < ?
                  AND s.version = (SELECT MAX(v.version) FROM kpi_snapshot v
                                   WHERE v.period_start = s.period_start AND v.period_end = s.period_end AND v.scope = s.scope)
                ORDER BY s.period_start, s.scope
                """, bounds.start, bounds.end).filter { try $0.string("status") == SnapshotStatus.approved.rawValue }
            guard !newest.isEmpty else {
                throw FactoryError.conflict("nothing_approved", "no KPI period of \(month) has an approved newest version: approve one first", details: ["month": month])
            }
            return try newest.map { row in
                let snapshot = try KPISnapshot.load(db, try row.id("id"), calendar: calendar)
                return try export(db, by: actor, entity: .kpi, payload: try BitrixPushPayload.kpi(db, snapshot, calendar: calendar))
            }
        case .user, .order, .attendance:
            throw FactoryError.validation(field: "entity", reason: "bad_value", "a push takes kpi or payroll, got \(entity.rawValue)")
        }
    }
}
