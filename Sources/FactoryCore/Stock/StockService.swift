import Foundation

/// M1/M2 stock moves, every weight from a scale (RS-first). STRICT_RS_ONLY (DECISIONS B6,
/// default on) forbids typed stock weights altogether; off, a MAIN receipt or a session input
/// may be typed with a reason, for the shop head to approve (`StockWeight`). Each call is one
/// transaction in the caller's hands.
public struct StockService: Sendable {
    public let audit: AuditLog
    public let binding: ScaleBinding
    public let calendar: PlantCalendar
    public let approvals: ApprovalEngine
    /// `STRICT_RS_ONLY`.
    public let strictRSOnly: Bool
    /// TRANSFER_DIFF_ALERT_PCT (B17).
    public let differenceLimit: Percent

    public init(audit: AuditLog, binding: ScaleBinding, calendar: PlantCalendar, approvals: ApprovalEngine, strictRSOnly: Bool = true,
                differenceLimit: Percent = .whole(2)) {
        self.audit = audit
        self.binding = binding
        self.calendar = calendar
        self.approvals = approvals
        self.strictRSOnly = strictRSOnly
        self.differenceLimit = differenceLimit
    }

    /// Where a line's weight comes from.
    public enum WeightSource: Sendable, Equatable {
        /// The scale's bound reading.
        case scale(String)
        /// Typed with a reason: only where STRICT_RS_ONLY is off, and approved afterwards.
        case typed(Grams, reason: String)
    }

    /// A line to weigh: which material and batch, and where its weight comes from.
    public struct WeighLine: Sendable {
        public let material: String
        public let batchNo: String
        public let source: WeightSource

        public init(material: String, batchNo: String, device: String) {
            self.init(material: material, batchNo: batchNo, source: .scale(device))
        }

        public init(material: String, batchNo: String, source: WeightSource) {
            self.material = material
            self.batchNo = batchNo
            self.source = source
        }
    }

    /// Material weighed into MAIN; creates the batch record the first time it is seen.
    public func receiveIntoMain(_ db: any SQLConnection, by actor: Actor, _ line: WeighLine, supplier: String? = nil) throws -> StockWeight {
        try PermissionMatrix.require(actor, .stockShipMainToShop)
        let material = try Material.find(db, line.material)
        let batch = try Self.batchNumber(line.batchNo)
        let now = audit.clock.now()
        if try db.queryOne("SELECT id FROM material_batches WHERE material_id = ? AND batch_no = ?", material.id, batch) == nil {
            try db.execute("""
                INSERT INTO material_batches (id, material_id, batch_no, received_at, supplier) VALUES (?, ?, ?, ?, ?)
                """, TypedID<Material>(), material.id, batch, now, supplier)
        }
        var weight = try StockWeight.take(line.source, strictRSOnly: strictRSOnly) { key in
            try binding.bind(db, device: try scale(db, key, at: .main), to: AuditObject("material_batch", "\(material.code)/\(batch)"),
                             by: .user(actor))
        }
        let ledger = StockLedger(db: db)
        try ledger.add(weight.gross, to: .main, material: material, batch: batch)
        let txn = try ledger.journal(.mainReceive, from: nil, to: .main, material: material, batch: batch, quantity: weight.gross,
                                     at: now, by: actor, scaleEventID: weight.eventID)
        try audit.record(db, by: .user(actor), action: "stock.main_received", object: AuditObject("stock_txn", txn),
                         new: ["material": .string(material.code), "batch_no": .string(batch), "qty_g": .int(weight.gross.grams),
                               "weight_trusted": .bool(weight.trusted)])
        try weight.requestApproval(db, approvals: approvals, by: actor, stockTxn: txn, material: material.code, batch: batch)
        return weight
    }

    /// M1: each line weighed on a MAIN scale, taken out of MAIN, the shipment in transit.
    /// A shipment that answers a shop request fulfils it in the same transaction.
    public func ship(_ db: any SQLConnection, by actor: Actor, direction: TransferDirection, lines: [WeighLine],
                     comment: String? = nil, request: ShopRequest.ID? = nil) throws -> Transfer {
        let (from, to): (LocationKind, LocationKind) = direction == .mainToShop ? (.main, .shop) : (.shop, .main)
        try PermissionMatrix.require(actor, direction == .mainToShop ? .stockShipMainToShop : .stockReturnShopToMain)
        guard !lines.isEmpty else {
            throw FactoryError.validation(field: "lines", reason: "empty_value", "a shipment needs at least one line")
        }
        let now = audit.clock.now()
        let id = Transfer.ID()
        if let request {
            guard direction == .mainToShop else {
                throw FactoryError.validation(field: "request_id", reason: "wrong_direction", "a shop request is answered from MAIN to SHOP")
            }
            try closeRequest(db, request, as: .fulfilled, by: actor, detail: ["transfer_id": .string(id.text)])
        }
        try db.execute("""
            INSERT INTO stock_transfers (id, direction, status, from_location_id, to_location_id, request_id, comment, created_by, created_at)
            VALUES (?, ?, 'in_transit', ?, ?, ?, ?, ?, ?)
            """, id, direction, try StockLedger(db: db).locationID(from), try StockLedger(db: db).locationID(to), request, comment,
            actor.userID, now)
        for line in lines { try weighOut(db, by: actor, id, direction: direction, line, at: now) }
        let transfer = try Transfer.load(db, id)
        try audit.record(db, by: .user(actor), action: "stock.shipped", object: AuditObject("transfer", id),
                         new: ["direction": .string(direction.rawValue), "status": "in_transit",
                               "lines": .array(transfer.lines.map { ["material": .string($0.material), "batch_no": .string($0.batchNo),
                                                                     "sent_g": .int($0.sent.grams)] })])
        return transfer
    }

    /// Another line weighed onto a shipment still at its sending store: one scale weighs the
    /// loads one after another and they travel as one shipment. Refused once the other side
    /// has received any of it.
    public func addLine(_ db: any SQLConnection, by actor: Actor, transfer id: Transfer.ID,
                        _ line: WeighLine) throws -> (transfer: Transfer, added: Transfer.Line) {
        let before = try Transfer.load(db, id)
        try PermissionMatrix.require(actor, before.direction == .mainToShop ? .stockShipMainToShop : .stockReturnShopToMain)
        guard before.status == .inTransit, before.lines.allSatisfy({ $0.received == nil }) else {
            throw FactoryError.conflict("transfer_not_open", "this shipment is already being received; start a new one",
                                        details: ["transfer_id": id.text])
        }
        let lineID = try weighOut(db, by: actor, id, direction: before.direction, line, at: audit.clock.now())
        let after = try Transfer.load(db, id)
        guard let added = after.lines.first(where: { $0.id == lineID }) else { throw FactoryError.notFound("transfer_line", lineID) }
        try audit.record(db, by: .user(actor), action: "stock.line_added", object: AuditObject("transfer", id),
                         new: ["material": .string(added.material), "batch_no": .string(added.batchNo), "sent_g": .int(added.sent.grams)])
        return (after, added)
    }

    /// Binds the sending scale's reading to a new line of the shipment and takes it out of the
    /// sending stock; answers the line's id.
    @discardableResult
    private func weighOut(_ db: any SQLConnection, by actor: Actor, _ id: Transfer.ID, direction: TransferDirection, _ line: WeighLine,
                          at now: Timestamp) throws -> String {
        let (from, to): (LocationKind, LocationKind) = direction == .mainToShop ? (.main, .shop) : (.shop, .main)
        let ledger = StockLedger(db: db)
        let material = try Material.find(db, line.material)
        let batch = try Self.batchNumber(line.batchNo)
        // A shipment is weighed at both ends; the difference between them is its point (B17).
        guard case .scale(let key) = line.source else {
            throw FactoryError.validation(field: "device_id", reason: "scale_required", "a shipment's lines are weighed on the sending store's scale")
        }
        let device = try scale(db, key, at: from)
        let lineID = TypedID<Transfer.Line>()
        let reading = try binding.bind(db, device: device, to: AuditObject("transfer_line", lineID), by: .user(actor))
        try ledger.remove(reading.gross, from: from, material: material, batch: batch)
        try db.execute("""
            INSERT INTO stock_transfer_lines (id, transfer_id, line_no, material_id, batch_no, sent_g, sent_device_id, sent_event_id)
            VALUES (?, ?, (SELECT COALESCE(MAX(line_no), 0) + 1 FROM stock_transfer_lines WHERE transfer_id = ?), ?, ?, ?, ?, ?)
            """, lineID, id, id, material.id, batch, reading.gross, device.id, reading.eventID)
        try ledger.journal(direction == .mainToShop ? .mainToShop : .shopToMain, from: from, to: to, material: material,
                           batch: batch, quantity: reading.gross, at: now, by: actor, scaleEventID: reading.eventID,
                           reference: ["transfer_id": .string(id.text)])
        return lineID.text
    }

    /// One load weighed out of a store as the storekeeper works: onto the shipment under way
    /// (`onto`), or as a new shipment when there is none. Answers the shipment and its new line.
    public func shipLine(_ db: any SQLConnection, by actor: Actor, direction: TransferDirection, onto shipment: Transfer.ID?,
                         _ line: WeighLine) throws -> (transfer: Transfer, added: Transfer.Line) {
        if let shipment { return try addLine(db, by: actor, transfer: shipment, line) }
        let shipped = try ship(db, by: actor, direction: direction, lines: [line])
        return (shipped, shipped.lines[0])
    }

    /// The receiving side weighs every line still in transit on its own scale; its weight is
    /// what enters its stock, and the difference to the sending weight stays on the line (B17).
    /// A line beyond the difference limit is refused with `transfer_difference` unless the
    /// receiver accepts it, which raises an alert for the shop head.
    public func receive(_ db: any SQLConnection, by actor: Actor, transfer id: Transfer.ID, devices: [String: String],
                        acceptDifference: Bool = false) throws -> Transfer {
        let before = try receivable(db, by: actor, id)
        let now = audit.clock.now()
        for line in before.lines where line.received == nil {
            guard let device = devices[line.id] ?? devices["*"] else {
                throw FactoryError.validation(field: "lines", reason: "line_not_weighed", "line \(line.material) \(line.batchNo) needs a scale")
            }
            try weighIn(db, by: actor, before, line, device: device, acceptDifference: acceptDifference, at: now)
        }
        return try complete(db, by: actor, id, at: now)
    }

    /// One line of a shipment weighed in on its own: a storekeeper with one scale takes the
    /// loads off one after another. The shipment is completed with its last line.
    public func receiveLine(_ db: any SQLConnection, by actor: Actor, transfer id: Transfer.ID, line lineID: String,
                            device: String, acceptDifference: Bool = false) throws -> Transfer {
        let before = try receivable(db, by: actor, id)
        guard let line = before.lines.first(where: { $0.id == lineID }) else { throw FactoryError.notFound("transfer_line", lineID) }
        guard line.received == nil else {
            throw FactoryError.conflict("line_already_received", "\(line.material) \(line.batchNo) of this shipment is already received",
                                        details: ["transfer_id": id.text, "line_id": lineID])
        }
        let now = audit.clock.now()
        let received = try weighIn(db, by: actor, before, line, device: device, acceptDifference: acceptDifference, at: now)
        try audit.record(db, by: .user(actor), action: "stock.line_received", object: AuditObject("transfer", id),
                         new: ["line_id": .string(lineID), "material": .string(line.material), "batch_no": .string(line.batchNo),
                               "received_g": .int(received.grams), "difference_g": .int((received - line.sent).grams)])
        let after = try Transfer.load(db, id)
        return after.lines.allSatisfy { $0.received != nil } ? try complete(db, by: actor, id, at: now) : after
    }

    /// A shipment this person may receive, still on its way.
    private func receivable(_ db: any SQLConnection, by actor: Actor, _ id: Transfer.ID) throws -> Transfer {
        let transfer = try Transfer.load(db, id)
        try PermissionMatrix.require(actor, .stockReceiveTransfer)
        guard transfer.status == .inTransit else {
            throw FactoryError.conflict("transfer_not_in_transit", "this shipment is already \(transfer.status.rawValue)",
                                        details: ["transfer_id": id.text])
        }
        return transfer
    }

    /// Binds the receiving scale's reading to one line and puts it into the receiving stock.
    @discardableResult
    private func weighIn(_ db: any SQLConnection, by actor: Actor, _ transfer: Transfer, _ line: Transfer.Line, device key: String,
                         acceptDifference: Bool, at now: Timestamp) throws -> Grams {
        let to: LocationKind = transfer.direction == .mainToShop ? .shop : .main
        let device = try scale(db, key, at: to)
        let material = try Material.find(db, line.material)
        let reading = try binding.bind(db, device: device, to: AuditObject("transfer_line", line.id), by: .user(actor))
        let weighed = TransferDifference(sent: line.sent, received: reading.gross)
        if weighed.exceeds(differenceLimit) {
            var facts = ["transfer_id": transfer.id.text, "line_id": line.id, "material": line.material, "batch_no": line.batchNo,
                         "sent_kg": line.sent.decimalText,
                         "received_kg": reading.gross.decimalText, "difference_kg": weighed.difference.decimalText,
                         "limit_pct": differenceLimit.decimalText]
            facts["difference_pct"] = weighed.percent?.decimalText
            guard acceptDifference else {
                // Nothing is written: the whole weighing rolls back, the reading stays free to bind again.
                throw FactoryError.conflict("transfer_difference", """
                    \(line.material) \(line.batchNo) weighs \(reading.gross.decimalText) kg here against \(line.sent.decimalText) kg sent, \
                    beyond \(differenceLimit.decimalText) %: accept the difference (accept_difference) or weigh again
                    """, details: facts)
            }
            try AlertService(audit: audit).raise(db, AlertFinding(rule: .transferDifferencePct, object: "\(transfer.id)/\(line.batchNo)",
                                                                  valueMilli: (weighed.percent ?? Percent.hundred).magnitude.units,
                                                                  thresholdMilli: differenceLimit.units))
            try audit.record(db, by: .user(actor), action: "stock.difference_accepted", object: AuditObject("transfer", transfer.id),
                             new: .object(facts.mapValues { .string($0) }))
        }
        try db.execute("""
            UPDATE stock_transfer_lines SET received_g = ?, received_device_id = ?, received_event_id = ? WHERE id = ?
            """, reading.gross, device.id, reading.eventID, line.id)
        let ledger = StockLedger(db: db)
        try ledger.add(reading.gross, to: to, material: material, batch: line.batchNo)
        try ledger.journal(.shopReceive, from: nil, to: to, material: material, batch: line.batchNo, quantity: reading.gross,
                           at: now, by: actor, scaleEventID: reading.eventID,
                           reference: ["transfer_id": .string(transfer.id.text), "sent_g": .int(line.sent.grams)])
        return reading.gross
    }

    /// Every line is in: the shipment is completed.
    private func complete(_ db: any SQLConnection, by actor: Actor, _ id: Transfer.ID, at now: Timestamp) throws -> Transfer {
        try db.execute("UPDATE stock_transfers SET status = 'completed', received_by = ?, received_at = ? WHERE id = ?",
                       actor.userID, now, id)
        let after = try Transfer.load(db, id)
        try audit.record(db, by: .user(actor), action: "stock.received", object: AuditObject("transfer", id),
                         old: ["status": "in_transit"],
                         new: ["status": "completed", "lines": .array(after.lines.map {
                             ["material": .string($0.material), "received_g": JSONValue.from($0.received?.grams),
                              "difference_g": JSONValue.from($0.difference?.grams)] })])
        return after
    }

    public func onHand(_ db: any SQLConnection, _ location: LocationKind, material: String, batch: String) throws -> Grams {
        try StockLedger(db: db).onHand(location, material: try Material.find(db, material), batch: batch)
    }

    /// A scale of the right location: MAIN stock is weighed on MAIN scales and so on.
    func scale(_ db: any SQLConnection, _ key: String, at location: LocationKind) throws -> Device {
        let device = try Device.find(db, key)
        try device.require(at: location)
        return device
    }

    static func batchNumber(_ text: String) throws -> String {
        let batch = text.trimmingCharacters(in: .whitespaces)
        guard !batch.isEmpty, batch.count <= 64 else {
            throw FactoryError.validation(field: "batch_no", reason: "bad_batch", "a batch number is 1 to 64 characters")
        }
        return batch
    }
}
