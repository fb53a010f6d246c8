/// M2, the end-of-shift SHOP snapshot (spec §5.3, §6.3.3; DECISIONS B15). Each item is weighed
/// on a SHOP scale. An item that belongs to a session is material still at its line: the
/// session's WIP for M7. An item without a session is a count of SHOP stock: the book is
/// levelled to what the scale saw, and the difference is kept on the line and in the audit.
extension StockService {
    public struct SnapshotItem: Sendable {
        public let material: String
        public let batchNo: String
        /// The SHOP scale; `nil` records that nothing of this batch is left (0 kg, no reading).
        public let device: String?
        public let session: Session.ID?

        public init(material: String, batchNo: String, device: String?, session: Session.ID? = nil) {
            self.material = material
            self.batchNo = batchNo
            self.device = device
            self.session = session
        }
    }

    public struct SnapshotLine: Sendable, Equatable {
        public let txnID: String
        public let shiftKey: String
        public let material: String
        public let batchNo: String
        public let session: Session.ID?
        public let counted: Grams
        /// Counted minus book, for a count of SHOP stock; `nil` for a session's WIP.
        public let variance: Grams?
    }

    /// Weighs the items in order, all in the caller's one transaction. Two items on the same
    /// scale need the first load lifted off in between, as any weighing does.
    public func snapshot(_ db: any SQLConnection, by actor: Actor, shift: Shift, items: [SnapshotItem]) throws -> [SnapshotLine] {
        try PermissionMatrix.require(actor, .stockShopSnapshot)
        guard !items.isEmpty else {
            throw FactoryError.validation(field: "items", reason: "empty_value", "a snapshot needs at least one item")
        }
        let now = audit.clock.now()
        let key = calendar.shiftKey(shift, at: now)
        let ledger = StockLedger(db: db)
        var lines: [SnapshotLine] = []
        for item in items {
            let material = try Material.find(db, item.material)
            let batch = try Self.batchNumber(item.batchNo)
            if let session = item.session {
                guard try Session.load(db, session).status != .closed else {
                    throw FactoryError.conflict("session_closed", "a closed session's WIP cannot change", details: ["session_id": session.text])
                }
            }
            let object = AuditObject(item.session == nil ? "shop_count" : "session_wip", item.session?.text ?? "\(material.code)/\(batch)")
            let reading = try item.device.map { try binding.bind(db, device: try scale(db, $0, at: .shop), to: object, by: .user(actor)) }
            let counted = reading?.gross ?? Grams(0)
            var variance: Grams?
            if item.session == nil {
                let book = try ledger.onHand(.shop, material: material, batch: batch)
                if counted > book { try ledger.add(counted - book, to: .shop, material: material, batch: batch) }
                if counted < book { try ledger.remove(book - counted, from: .shop, material: material, batch: batch) }
                variance = counted - book
            }
            let txn = try ledger.journal(.shopSnapshot, from: .shop, to: nil, material: material, batch: batch, quantity: counted,
                                         at: now, by: actor, sessionID: item.session?.text, scaleEventID: reading?.eventID,
                                         reference: variance.map { ["variance_g": .int($0.grams)] } ?? nil, snapshotKey: key)
            try audit.record(db, by: .user(actor), action: item.session == nil ? "stock.shop_counted" : "stock.wip_snapshot",
                             object: AuditObject("stock_txn", txn),
                             new: ["shift": .string(key), "material": .string(material.code), "batch_no": .string(batch),
                                   "session_id": JSONValue.from(item.session?.text), "qty_g": .int(counted.grams),
                                   "variance_g": JSONValue.from(variance?.grams)])
            lines.append(SnapshotLine(txnID: txn, shiftKey: key, material: material.code, batchNo: batch, session: item.session,
                                      counted: counted, variance: variance))
        }
        return lines
    }
}
