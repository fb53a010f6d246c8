/// What the end-of-shift count weighs at the lines (spec §5.3 M2; DECISIONS B15): each batch
/// fed from SHOP into a session still running. The count of such a line is the session's WIP
/// for its mass balance (M7), so the storekeeper is offered every one of them beside the
/// store's own batches.
extension StockService {
    public struct WIPLine: Sendable, Equatable {
        public let session: Session.ID
        public let workcenter: String
        public let lot: String
        public let material: String
        public let batchNo: String
        /// Everything of this batch fed into the session so far: what the count is read against.
        public let fed: Grams
    }

    /// Batches at the running sessions' lines, by line, material and batch.
    public func wipLines(_ db: any SQLConnection, by actor: Actor) throws -> [WIPLine] {
        try PermissionMatrix.require(actor, .stockView)
        return try db.query("""
            SELECT t.session_id, w.code AS workcenter, s.partiya_no, m.code AS material, t.batch_no, SUM(t.qty_milli) AS fed
            FROM stock_txn t JOIN sessions s ON s.id = t.session_id JOIN workcenters w ON w.id = s.workcenter_id
            JOIN materials m ON m.id = t.material_id
            WHERE t.type = ? AND s.status IN (?, ?)
            GROUP BY t.session_id, w.code, s.partiya_no, m.code, t.batch_no
            ORDER BY w.code, s.partiya_no, m.code, t.batch_no
            """, StockTxnType.shopToSession, SessionStatus.opened, SessionStatus.paused).map {
            WIPLine(session: try $0.id("session_id"), workcenter: try $0.string("workcenter"), lot: try $0.string("partiya_no"),
                    material: try $0.string("material"), batchNo: try $0.string("batch_no"), fed: Grams(try $0.int("fed")))
        }
    }
}
