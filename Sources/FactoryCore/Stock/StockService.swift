import Foundation

/// M1/M2 stock moves, every weight from a scale (RS-first; STRICT_RS_ONLY forbids typed
/// stock weights altogether, DECISIONS B6). Each call is one transaction in the caller's hands.
public struct StockService: Sendable {
    public let audit: AuditLog
    public let binding: ScaleBinding
    public let calendar: PlantCalendar

    public init(audit: AuditLog, binding: ScaleBinding, calendar: PlantCalendar) {
        self.audit = audit
        self.binding = binding
        self.calendar = calendar
    }

    /// A line to weigh: which material and batch, on which scale.
    public struct WeighLine: Sendable {
        public let material: String
        public let batchNo: String
        public let device: String

        public init(material: String, batchNo: String, device: String) {
            self.material = material
            self.batchNo = batchNo
            self.device = device
        }
    }

    /// Material weighed into MAIN; creates the batch record the first time it is seen.
    public func receiveIntoMain(_ db: any SQLConnection, by actor: Actor, _ line: WeighLine, supplier: String? = nil) throws -> Grams {
        try PermissionMatrix.require(actor, .stockShipMainToShop)
        let material = try Material.find(db, line.material)
        let batch = try Self.batchNumber(line.batchNo)
        let device = try scale(db, line.device, at: .main)
        let now = audit.clock.now()
        if try db.queryOne("SELECT id FROM material_batches WHERE material_id = ? AND batch_no = ?", material.id, batch) == nil {
            try db.execute("""
                INSERT INTO material_batches (id, material_id, batch_no, received_at, supplier) VALUES (?, ?, ?, ?, ?)
                """, TypedID<Material>(), material.id, batch, now, supplier)
        }
        let reading = try binding.bind(db, device: device, to: AuditObject("material_batch", "\(material.code)/\(batch)"), by: .user(actor))
        let ledger = StockLedger(db: db)
        try ledger.add(reading.gross, to: .main, material: material, batch: batch)
        let txn = try ledger.journal(.mainReceive, from: nil, to: .main, material: material, batch: batch, quantity: reading.gross,
                                     at: now, by: actor, scaleEventID: reading.eventID)
        try audit.record(db, by: .user(actor), action: "stock.main_received", object: AuditObject("stock_txn", txn),
                         new: ["material": .string(material.code), "batch_no": .string(batch), "qty_g": .int(reading.gross.grams)])
        return reading.gross
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
        let ledger = StockLedger(db: db)
        for line in lines {
            let material = try Material.find(db, line.material)
            let batch = try Self.batchNumber(line.batchNo)
            let device = try scale(db, line.device, at: from)
            let lineID = TypedID<Transfer.Line>()
            let reading = try binding.bind(db, device: device, to: AuditObject("transfer_line", lineID), by: .user(actor))
            try ledger.remove(reading.gross, from: from, material: material, batch: batch)
            try db.execute("""
                INSERT INTO stock_transfer_lines (id, transfer_id, material_id, batch_no, sent_g, sent_device_id, sent_event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, lineID, id, material.id, batch, reading.gross, device.id, reading.eventID)
            try ledger.journal(direction == .mainToShop ? .mainToShop : .shopToMain, from: from, to: to, material: material,
                               batch: batch, quantity: reading.gross, at: now, by: actor, scaleEventID: reading.eventID,
                               reference: ["transfer_id": .string(id.text)])
        }
        let transfer = try Transfer.load(db, id)
        try audit.record(db, by: .user(actor), action: "stock.shipped", object: AuditObject("transfer", id),
                         new: ["direction": .string(direction.rawValue), "status": "in_transit",
                               "lines": .array(transfer.lines.map { ["material": .string($0.material), "batch_no": .string($0.batchNo),
                                                                     "sent_g": .int($0.sent.grams)] })])
        return transfer
    }

    /// The receiving side weighs every line on its own scale; its weight is what enters its
    /// stock, and the difference to the sending weight stays on the line (B17).
    public func receive(_ db: any SQLConnection, by actor: Actor, transfer id: Transfer.ID, devices: [String: String]) throws -> Transfer {
        let before = try Transfer.load(db, id)
        let to: LocationKind = before.direction == .mainToShop ? .shop : .main
        try PermissionMatrix.require(actor, .stockReceiveTransfer)
        guard before.status == .inTransit else {
            throw FactoryError.conflict("transfer_not_in_transit", "this shipment is already \(before.status.rawValue)",
                                        details: ["transfer_id": id.text])
        }
        let now = audit.clock.now()
        let ledger = StockLedger(db: db)
        for line in before.lines {
            guard let deviceKey = devices[line.id] ?? devices["*"] else {
                throw FactoryError.validation(field: "lines", reason: "line_not_weighed", "line \(line.material) \(line.batchNo) needs a scale")
            }
            let device = try scale(db, deviceKey, at: to)
            let material = try Material.find(db, line.material)
            let reading = try binding.bind(db, device: device, to: AuditObject("transfer_line", line.id), by: .user(actor))
            try db.execute("""
                UPDATE stock_transfer_lines SET received_g = ?, received_device_id = ?, received_event_id = ? WHERE id = ?
                """, reading.gross, device.id, reading.eventID, line.id)
            try ledger.add(reading.gross, to: to, material: material, batch: line.batchNo)
            try ledger.journal(.shopReceive, from: nil, to: to, material: material, batch: line.batchNo, quantity: reading.gross,
                               at: now, by: actor, scaleEventID: reading.eventID,
                               reference: ["transfer_id": .string(id.text), "sent_g": .int(line.sent.grams)])
        }
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
