import Foundation

/// M8, the grinder: containers weighed IN (seal, tare, RS) are linked FIFO to sessions'
/// outstanding scrap on their IN weight; the OUT weighing becomes a VT batch in MAIN with the
/// order's Loss% (spec §6.9, §19.4; DECISIONS B11–B14).
public struct ReworkService: Sendable {
    public let audit: AuditLog
    public let binding: ScaleBinding

    public init(audit: AuditLog, binding: ScaleBinding) {
        self.audit = audit
        self.binding = binding
    }

    public typealias OrderID = TypedID<ReworkService>

    public func open(_ db: any SQLConnection, by actor: Actor, type: ReworkOrderType, note: String? = nil) throws -> OrderID {
        try PermissionMatrix.require(actor, .reworkOperate)
        let id = OrderID()
        try db.execute("INSERT INTO rework_orders (id, type, opened_by, opened_at, notes) VALUES (?, ?, ?, ?, ?)",
                       id, type, actor.userID, audit.clock.now(), note)
        try audit.record(db, by: .user(actor), action: "rework.opened", object: AuditObject("rework_order", id),
                         new: ["type": .string(type.rawValue), "note": JSONValue.from(note)])
        return id
    }

    public struct Container: Sendable {
        public var sealNo: String?
        public var device: String
        public var tare: Grams
        /// Where the scrap came from, when known: a rejected package's label, or a session.
        public var sourceQRCode: String?
        public var sourceSession: Session.ID?

        public init(sealNo: String?, device: String, tare: Grams, sourceQRCode: String? = nil, sourceSession: Session.ID? = nil) {
            self.sealNo = sealNo
            self.device = device
            self.tare = tare
            self.sourceQRCode = sourceQRCode
            self.sourceSession = sourceSession
        }
    }

    public struct InResult: Sendable, Equatable {
        public let net: Grams
        public let links: [FIFOLinking.Link]
        /// IN weight with no outstanding scrap to close: the `vt_excess` warning.
        public let excess: Grams
    }

    public func takeIn(_ db: any SQLConnection, by actor: Actor, order: OrderID, _ container: Container) throws -> InResult {
        try PermissionMatrix.require(actor, .reworkOperate)
        try requireOpen(db, order)
        let ioID = TypedID<InResult>()
        let object = AuditObject("rework_io", ioID)
        var sourcePackage: Package?
        if let qr = container.sourceQRCode {
            let code = QRCode(scanned: qr)?.text ?? qr
            guard let package = try Package.find(db, qrCode: code) else { throw FactoryError.notFound("package", code) }
            guard [.qcReject, .qcPartial].contains(package.status) else {
                throw FactoryError.conflict("not_scrap", "\(code) is \(package.status.rawValue); only rejected packages go to the grinder",
                                            details: ["qr_code": code])
            }
            sourcePackage = package
        }
        let sourceSession = sourcePackage?.sessionID ?? container.sourceSession
        if let sourceSession {
            let recyclable = try db.queryOne("""
                SELECT k.code, k.is_recyclable_for_rework_bool FROM sessions s JOIN skus k ON k.id = s.sku_id WHERE s.id = ?
                """, sourceSession)
            guard let recyclable else { throw FactoryError.notFound("session", sourceSession.text) }
            if try !recyclable.bool("is_recyclable_for_rework_bool") {
                let sku = try recyclable.string("code")
                throw GateRefusal(gate: .nonRecyclableToRework, object: AuditObject("session", sourceSession), source: .user(actor),
                                  ref: ["sku": .string(sku)],
                                  error: .gate(.nonRecyclableToRework, "\(sku) may not be ground: send it to disposal", details: ["sku": sku]))
            }
        }
        let reading = try binding.bind(db, device: try Device.find(db, container.device), to: object, by: .user(actor))
        let net = try reading.net(minus: container.tare)
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO rework_io (id, rework_order_id, direction, seal_no, device_id, scale_event_id, gross_g, tare_g, net_g,
                                   source_session_id, source_package_id, at, by_user)
            VALUES (?, ?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, ioID, order, container.sealNo, reading.device.id, reading.eventID, reading.gross, container.tare, net,
            sourceSession, sourcePackage?.id, now, actor.userID)
        try db.execute("UPDATE rework_orders SET in_total_g = in_total_g + ? WHERE id = ?", net, order)

        // FIFO on the IN weight: the source's own scrap first when it is known, else the
        // oldest outstanding scrap of recyclable sessions.
        let plan = FIFOLinking.plan(amount: net, outstanding: try outstanding(db, package: sourcePackage?.id, session: sourceSession))
        for link in plan.links {
            try db.execute("""
                INSERT INTO scrap_links (id, scrap_lot_id, session_id, rework_io_id, qty_g, mode, linked_at, linked_by)
                VALUES (?, ?, ?, ?, ?, 'auto', ?, ?)
                """, TypedID<InResult>(), link.lotID, link.sessionID, ioID, link.quantity, now, actor.userID)
        }
        if let sourcePackage {
            try db.execute("UPDATE packages SET status = 'reworked', updated_at = ? WHERE id = ? AND status = 'qc_reject'", now, sourcePackage.id)
        }
        try audit.record(db, by: .user(actor), action: "rework.in", object: AuditObject("rework_order", order),
                         new: ["seal_no": JSONValue.from(container.sealNo), "net_g": .int(net.grams),
                               "links": .array(plan.links.map { ["session_id": .string($0.sessionID), "qty_g": .int($0.quantity.grams)] }),
                               "vt_excess_g": .int(plan.excess.grams)])
        return InResult(net: net, links: plan.links, excess: plan.excess)
    }

    public struct OutResult: Sendable, Equatable {
        public let out: Grams
        public let lossPct: Percent?
        public let vtBatchNo: String
        /// The VT batch the output became, and the MAIN receipt that booked it (spec §11).
        public let vtBatchID: String
        public let stockTxnID: String
    }

    /// Weighs the grinder's output, receives it into MAIN as a VT material batch, and closes
    /// the order with its Loss%; a loss over 15 % raises a P3 alert (DECISIONS A).
    public func takeOut(_ db: any SQLConnection, by actor: Actor, order: OrderID, device: String, vtSKU: String) throws -> OutResult {
        try PermissionMatrix.require(actor, .reworkOperate)
        try requireOpen(db, order)
        guard let sku = try db.queryOne("""
            SELECT k.id, k.category, m.code AS material_code FROM skus k LEFT JOIN materials m ON m.id = k.vt_material_id WHERE k.code = ?
            """, vtSKU) else { throw FactoryError.notFound("sku", vtSKU) }
        guard try sku.string("category") == SKUCategory.vt.rawValue, let materialCode = sku.optionalString("material_code") else {
            throw FactoryError.validation(field: "vt_sku_id", reason: "not_a_vt_sku", "\(vtSKU) is not a VT SKU with a VT material")
        }
        let input = try inTotal(db, order: order)
        guard input.grams > 0 else {
            throw FactoryError.conflict("nothing_in", "nothing was taken in on this order yet")
        }
        let ioID = TypedID<OutResult>()
        let reading = try binding.bind(db, device: try Device.find(db, device), to: AuditObject("rework_io", ioID), by: .user(actor))
        let loss = ReworkLoss.percent(in: input, out: reading.gross)
        let now = audit.clock.now()
        let material = try Material.find(db, materialCode)
        let batchNo = "VT-\(order.text.prefix(8).uppercased())"
        let batchID = TypedID<Material>()
        try db.execute("INSERT INTO material_batches (id, material_id, batch_no, received_at, supplier) VALUES (?, ?, ?, ?, 'rework')",
                       batchID, material.id, batchNo, now)
        let ledger = StockLedger(db: db)
        try ledger.add(reading.gross, to: .main, material: material, batch: batchNo)
        let stockTxnID = try ledger.journal(.reworkVTIn, from: nil, to: .main, material: material, batch: batchNo, quantity: reading.gross,
                                            at: now, by: actor, scaleEventID: reading.eventID, reference: ["rework_order_id": .string(order.text)])
        try db.execute("""
            INSERT INTO rework_io (id, rework_order_id, direction, device_id, scale_event_id, gross_g, tare_g, net_g, at, by_user)
            VALUES (?, ?, 'out', ?, ?, ?, 0, ?, ?, ?)
            """, ioID, order, reading.device.id, reading.eventID, reading.gross, reading.gross, now, actor.userID)
        let vtBatchID = TypedID<OutResult>()
        try db.execute("""
            INSERT INTO vt_batches (id, rework_order_id, sku_id, material_batch_id, qty_g, location_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, vtBatchID, order, try sku.string("id"), batchID, reading.gross, try ledger.locationID(.main), now)
        try db.execute("""
            UPDATE rework_orders SET out_total_g = ?, loss_mpct = ?, status = 'closed', closed_at = ? WHERE id = ?
            """, reading.gross, loss?.units, now, order)
        if let loss, loss > ReworkLoss.alertThreshold {
            try AlertService(audit: audit).raise(db, AlertFinding(rule: .reworkLossPct, object: "\(order)", valueMilli: loss.units,
                                                                  thresholdMilli: ReworkLoss.alertThreshold.units))
        }
        try audit.record(db, by: .user(actor), action: "rework.out", object: AuditObject("rework_order", order),
                         new: ["out_g": .int(reading.gross.grams), "in_g": .int(input.grams), "loss_mpct": JSONValue.from(loss?.units),
                               "vt_batch_no": .string(batchNo)])
        return OutResult(out: reading.gross, lossPct: loss, vtBatchNo: batchNo, vtBatchID: vtBatchID.text, stockTxnID: stockTxnID)
    }

    private func requireOpen(_ db: any SQLConnection, _ order: OrderID) throws {
        guard let row = try db.queryOne("SELECT status FROM rework_orders WHERE id = ?", order) else {
            throw FactoryError.notFound("rework_order", order.text)
        }
        guard try row.word("status", as: ReworkOrderStatus.self) == .opened else {
            throw FactoryError.conflict("rework_order_closed", "this rework order is closed", details: ["rework_order_id": order.text])
        }
    }

    /// Outstanding scrap: net weight minus what was already linked, per lot. The grinder takes
    /// only scrap of recyclable SKUs; disposal takes any.
    func outstanding(_ db: any SQLConnection, package: Package.ID?, session: Session.ID?,
                     recyclableOnly: Bool = true) throws -> [FIFOLinking.Outstanding] {
        let rows = try db.query("""
            SELECT l.id, l.session_id, l.created_at, l.net_g - COALESCE((SELECT SUM(qty_g) FROM scrap_links k WHERE k.scrap_lot_id = l.id), 0) AS remaining
            FROM scrap_lots l JOIN sessions s ON s.id = l.session_id JOIN skus k ON k.id = s.sku_id
            WHERE (k.is_recyclable_for_rework_bool = ? OR ? = 0)
              AND (CAST(? AS TEXT) IS NULL OR CAST(l.package_id AS TEXT) = ?)
              AND (CAST(? AS TEXT) IS NULL OR CAST(l.session_id AS TEXT) = ?)
            """, true, recyclableOnly ? 1 : 0, package, package, session, session)
        return try rows.map {
            FIFOLinking.Outstanding(lotID: try $0.string("id"), sessionID: try $0.string("session_id"),
                                    createdAt: try $0.timestamp("created_at"), remaining: try $0.quantity("remaining"))
        }
    }
}
