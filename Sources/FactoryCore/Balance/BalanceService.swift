/// M7 and the scrap measured at the line: the session's balance from its facts, scrap weighed
/// on scales, and closing only within the limit (spec §6.8, §19.3; DECISIONS B11, B15).
public struct BalanceService: Sendable {
    public let audit: AuditLog
    public let binding: ScaleBinding

    public init(audit: AuditLog, binding: ScaleBinding) {
        self.audit = audit
        self.binding = binding
    }

    /// The balance card of §6.8 plus what keeps a session from closing.
    public struct Preview: Sendable, Equatable {
        public let balance: MassBalance
        /// Packages still draft, in review or awaiting QC: the balance is not final while any is.
        public let pendingPackages: Int
        public var canClose: Bool { balance.gateOK && pendingPackages == 0 }

        public init(balance: MassBalance, pendingPackages: Int) {
            self.balance = balance
            self.pendingPackages = pendingPackages
        }
    }

    /// A scrap container from the line (seal, tare, RS weight): outstanding scrap of the session.
    public func recordScrap(_ db: any SQLConnection, by actor: Actor, session id: Session.ID, device key: String,
                            tare: Grams, sealNo: String?) throws -> Grams {
        try PermissionMatrix.require(actor, .scrapRecord)
        let session = try Session.load(db, id)
        guard session.status != .closed else {
            throw FactoryError.conflict("session_closed", "scrap goes to an open session", details: ["session_id": id.text])
        }
        let lotID = TypedID<Preview>()
        let reading = try binding.bind(db, device: try Device.find(db, key), to: AuditObject("scrap_lot", lotID), by: .user(actor))
        let net = try reading.net(minus: tare)
        try db.execute("""
            INSERT INTO scrap_lots (id, session_id, source, seal_no, gross_g, tare_g, net_g, scale_event_id, created_by, created_at)
            VALUES (?, ?, 'container', ?, ?, ?, ?, ?, ?, ?)
            """, lotID, id, sealNo, reading.gross, tare, net, reading.eventID, actor.userID, audit.clock.now())
        try audit.record(db, by: .user(actor), action: "scrap.recorded", object: AuditObject("session", id),
                         new: ["seal_no": JSONValue.from(sealNo), "gross_g": .int(reading.gross.grams), "tare_g": .int(tare.grams),
                               "net_g": .int(net.grams)])
        return net
    }

    public func preview(_ db: any SQLConnection, by actor: Actor, session id: Session.ID) throws -> Preview {
        try PermissionMatrix.require(actor, .sessionView)
        _ = try Session.load(db, id)
        return try facts(db, id)
    }

    /// Closes a session whose packages are all decided and whose delta is within the limit;
    /// otherwise `delta_exceeded` with the delta and the limit.
    public func close(_ db: any SQLConnection, by actor: Actor, session id: Session.ID) throws -> Preview {
        try PermissionMatrix.require(actor, .sessionClose)
        let session = try Session.load(db, id)
        guard session.status != .closed else {
            throw FactoryError.conflict("session_closed", "the session is already closed", details: ["session_id": id.text])
        }
        let preview = try facts(db, id)
        guard preview.pendingPackages == 0 else {
            throw FactoryError.conflict("packages_pending", "\(preview.pendingPackages) package(s) still wait for review or QC",
                                        details: ["pending": String(preview.pendingPackages)])
        }
        let b = preview.balance
        guard b.gateOK else {
            throw FactoryError.conflict("delta_exceeded", "the balance is off by \(b.delta) kg; the limit is \(b.limit) kg: investigate",
                                        details: ["delta_kg": b.delta.decimalText, "limit_kg": b.limit.decimalText])
        }
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO session_balance (id, session_id, input_g, good_g, wip_g, scrap_expected_g, rework_in_linked_g,
                                         disposed_linked_g, outstanding_g, delta_session_g, limit_g, computed_at, closed_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, TypedID<Preview>(), id, b.input, b.good, b.wip, b.scrapExpected, b.reworkInLinked, b.disposedLinked,
            b.outstanding, b.delta, b.limit, now, actor.userID)
        let changed = try db.execute("UPDATE sessions SET status = 'closed', ended_at = ? WHERE id = ? AND status <> 'closed'", now, id)
        guard changed == 1 else { throw FactoryError.conflict("session_closed", "the session was closed a moment ago") }
        try audit.record(db, by: .user(actor), action: "session.closed", object: AuditObject("session", id),
                         old: ["status": .string(session.status.rawValue)],
                         new: ["status": "closed", "input_g": .int(b.input.grams), "good_g": .int(b.good.grams),
                               "delta_g": .int(b.delta.grams), "limit_g": .int(b.limit.grams)])
        return preview
    }

    /// Every fact of the balance in one query per source, all from indexed rows of the session.
    func facts(_ db: any SQLConnection, _ id: Session.ID) throws -> Preview {
        func sum(_ sql: String) throws -> Grams { Grams(try db.queryOne(sql, id)?.int("g") ?? 0) }
        let input = try sum("SELECT COALESCE(SUM(qty_g), 0) AS g FROM session_input_link WHERE session_id = ?")
        let good = try sum("SELECT COALESCE(SUM(weight_g), 0) AS g FROM packages WHERE session_id = ? AND status IN ('qc_ok', 'fg_received')")
        // WIP is what the latest shift count saw at the line; earlier counts were superseded.
        let wip = Grams(try db.queryOne("""
            SELECT COALESCE(SUM(qty_milli), 0) AS g FROM stock_txn
            WHERE session_id = ? AND type = 'SHOP_SNAPSHOT' AND snapshot_key = (
              SELECT snapshot_key FROM stock_txn WHERE session_id = ? AND type = 'SHOP_SNAPSHOT' ORDER BY ts DESC, id DESC LIMIT 1)
            """, id, id)?.int("g") ?? 0)
        let scrap = try sum("SELECT COALESCE(SUM(net_g), 0) AS g FROM scrap_lots WHERE session_id = ?")
        let rework = try sum("SELECT COALESCE(SUM(qty_g), 0) AS g FROM scrap_links WHERE session_id = ? AND rework_io_id IS NOT NULL")
        let disposed = try sum("SELECT COALESCE(SUM(qty_g), 0) AS g FROM scrap_links WHERE session_id = ? AND disposed_id IS NOT NULL")
        let pending = try db.queryOne("""
            SELECT COUNT(*) AS n FROM packages WHERE session_id = ? AND status IN ('draft_manual', 'review', 'awaiting_qc')
            """, id)?.int("n") ?? 0
        let balance = MassBalance(input: input, good: good, wip: wip, reworkInLinked: rework, disposedLinked: disposed,
                                  outstanding: scrap - rework - disposed)
        return Preview(balance: balance, pendingPackages: Int(pending))
    }
}
