import Foundation

/// The two other ways scrap leaves a session's pile: disposal (`DISPOSE_WASTE`, for what may
/// not be ground) and the manual FIFO link of grinder IN weight that found no scrap (spec §6.9;
/// DECISIONS A "the manual fallback").
extension ReworkService {
    /// Weighs scrap of a session out to disposal and links it FIFO to that session's scrap.
    public func dispose(_ db: any SQLConnection, by actor: Actor, session id: Session.ID, device: String, tare: Grams,
                        reason: String) throws -> InResult {
        try PermissionMatrix.require(actor, .reworkDispose)
        try RequiredReason.check(reason, "a disposal needs its reason")
        guard let session = try db.queryOne("SELECT sku_id FROM sessions WHERE id = ?", id) else {
            throw FactoryError.notFound("session", id.text)
        }
        let disposalID = TypedID<InResult>()
        let reading = try binding.bind(db, device: try Device.find(db, device), to: AuditObject("disposal", disposalID), by: .user(actor))
        let net = try reading.net(minus: tare)
        let now = audit.clock.now()
        try db.execute("INSERT INTO disposed_log (id, reason, qty_g, scale_event_id, ts, by_user) VALUES (?, ?, ?, ?, ?, ?)",
                       disposalID, reason, net, reading.eventID, now, actor.userID)
        try db.execute("""
            INSERT INTO stock_txn (id, type, from_location_id, item_type, sku_id, qty_milli, uom, ts, by_user, session_id, scale_event_id, ref_doc)
            VALUES (?, 'DISPOSE_WASTE', ?, 'sku', ?, ?, 'kg', ?, ?, ?, ?, ?)
            """, TypedID<InResult>(), try StockLedger(db: db).locationID(.shop), try session.string("sku_id"), net, now, actor.userID,
            id, reading.eventID, JSONValue.object(["disposal_id": .string(disposalID.text), "reason": .string(reason)]).canonicalText)
        let plan = FIFOLinking.plan(amount: net, outstanding: try outstanding(db, package: nil, session: id, recyclableOnly: false))
        for link in plan.links {
            try db.execute("""
                INSERT INTO scrap_links (id, scrap_lot_id, session_id, disposed_id, qty_g, mode, linked_at, linked_by)
                VALUES (?, ?, ?, ?, ?, 'auto', ?, ?)
                """, TypedID<InResult>(), link.lotID, link.sessionID, disposalID, link.quantity, now, actor.userID)
        }
        try audit.record(db, by: .user(actor), action: "rework.disposed", object: AuditObject("session", id),
                         new: ["net_g": .int(net.grams), "reason": .string(reason), "unlinked_g": .int(plan.excess.grams)])
        return InResult(net: net, links: plan.links, excess: plan.excess)
    }

    /// Links IN weight of an order that found no scrap to a session's outstanding scrap.
    public func link(_ db: any SQLConnection, by actor: Actor, order: OrderID, session: Session.ID, quantity: Grams) throws -> [FIFOLinking.Link] {
        try PermissionMatrix.require(actor, .reworkFIFOLink)
        guard quantity.grams > 0 else {
            throw FactoryError.validation(field: "qty_kg", reason: "out_of_range", "link more than 0 kg")
        }
        // IN rows of the order with what each has not linked yet, oldest first.
        var unlinked = try db.query("""
            SELECT io.id, io.net_g - COALESCE((SELECT SUM(qty_g) FROM scrap_links l WHERE l.rework_io_id = io.id), 0) AS free
            FROM rework_io io WHERE io.rework_order_id = ? AND io.direction = 'in' ORDER BY io.at, io.id
            """, order).map { (id: try $0.string("id"), free: try $0.quantity("free", as: Grams.self)) }.filter { $0.free.grams > 0 }
        let free = unlinked.sum(\.free)
        guard quantity <= free else {
            throw FactoryError.conflict("exceeds_unlinked", "the order has \(free) kg of IN weight not yet linked, less than \(quantity) kg",
                                        details: ["unlinked_kg": free.decimalText])
        }
        let plan = FIFOLinking.plan(amount: quantity, outstanding: try outstanding(db, package: nil, session: session))
        guard plan.excess == .zero else {
            throw FactoryError.conflict("exceeds_outstanding", "the session has only \(quantity - plan.excess) kg of outstanding scrap",
                                        details: ["outstanding_kg": (quantity - plan.excess).decimalText])
        }
        let now = audit.clock.now()
        for link in plan.links {
            var rest = link.quantity
            while rest.grams > 0 {
                let take = min(rest, unlinked[0].free)
                try db.execute("""
                    INSERT INTO scrap_links (id, scrap_lot_id, session_id, rework_io_id, qty_g, mode, linked_at, linked_by)
                    VALUES (?, ?, ?, ?, ?, 'manual', ?, ?)
                    """, TypedID<InResult>(), link.lotID, link.sessionID, unlinked[0].id, take, now, actor.userID)
                rest -= take
                unlinked[0].free -= take
                if unlinked[0].free.grams == 0 { unlinked.removeFirst() }
            }
        }
        try audit.record(db, by: .user(actor), action: "rework.fifo_linked", object: AuditObject("rework_order", order),
                         new: ["session_id": .string(session.text), "qty_g": .int(quantity.grams), "mode": "manual"])
        return plan.links
    }
}
