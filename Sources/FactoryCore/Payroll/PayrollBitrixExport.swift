extension PayrollService {
    /// Queues the month's payroll for Bitrix24 (spec §11 `payroll/export/bitrix`): the newest
    /// version must be approved, and asking again for the same version queues nothing new. The
    /// payload names each person by username and Bitrix24 id; the integration worker sends it.
    public func queueBitrixExport(_ db: any SQLConnection, by actor: Actor, month: String,
                                  queue: IntegrationQueue) throws -> (snapshot: PayrollSnapshot, item: IntegrationQueue.Item) {
        try PermissionMatrix.require(actor, .payrollExport)
        _ = try bounds(of: month)
        guard let newest = try db.queryOne("SELECT id, status, version FROM payroll_snapshot WHERE month = ? ORDER BY version DESC LIMIT 1", month) else {
            throw FactoryError.conflict("payroll_missing", "there is no payroll for \(month) yet: generate it and approve it first", details: ["month": month])
        }
        guard try newest.string("status") == SnapshotStatus.approved.rawValue else {
            throw FactoryError.conflict("payroll_not_approved", "version \(try newest.int("version")) of the \(month) payroll is a draft: approve it first",
                                        details: ["month": month])
        }
        let snapshot = try PayrollSnapshot.load(db, try newest.id("id"))
        let payload = try BitrixPushPayload.payroll(db, snapshot)
        return (snapshot, try queue.export(db, by: actor, entity: .payroll, payload: payload))
    }
}
