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
        var bitrixIDs: [String: String] = [:]
        for row in try db.query("""
            SELECT u.username, u.bitrix_id FROM payroll_lines l JOIN users u ON u.id = l.user_id WHERE l.snapshot_id = ? AND u.bitrix_id IS NOT NULL
            """, snapshot.id) {
            bitrixIDs[try row.string("username")] = try row.string("bitrix_id")
        }
        let payload: JSONValue = [
            "entity": "payroll", "snapshot_id": .string(snapshot.id.text), "month": .string(month), "version": .int(snapshot.version),
            "net_total": .string(snapshot.netTotal.decimalText),
            "lines": .array(snapshot.lines.map { line in
                ["username": .string(line.username), "bitrix_id": JSONValue.from(bitrixIDs[line.username]),
                 "base_salary": .string(line.base.decimalText), "kpi_bonus": .string(line.kpiBonus.decimalText),
                 "avans": .string(line.advance.decimalText), "penalties": .string(line.penalties.decimalText), "net_pay": .string(line.net.decimalText)]
            }),
        ]
        return (snapshot, try queue.export(db, by: actor, entity: .payroll, payload: payload))
    }
}
