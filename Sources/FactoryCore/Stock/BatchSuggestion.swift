/// The FIFO batch suggestion of the M1 wizard (spec §17.1): for a quantity of a material,
/// the oldest batches in MAIN first, each with what it can give.
extension StockService {
    public struct SuggestedBatch: Sendable, Equatable {
        public let batchNo: String
        public let available: Grams
        public let take: Grams
    }

    public func suggestBatches(_ db: any SQLConnection, material key: String, quantity: Grams) throws -> [SuggestedBatch] {
        let material = try Material.find(db, key)
        let rows = try db.query("""
            SELECT i.batch_no, i.qty_milli FROM stock_items i
            JOIN stock_locations l ON l.id = i.location_id
            LEFT JOIN material_batches b ON b.material_id = i.material_id AND b.batch_no = i.batch_no
            WHERE l.code = 'MAIN' AND i.material_id = ? AND i.qty_milli > 0
            ORDER BY b.received_at, i.batch_no
            """, material.id)
        var rest = quantity
        var suggestion: [SuggestedBatch] = []
        for row in rows where rest.grams > 0 {
            let available: Grams = try row.quantity("qty_milli")
            let take = min(rest, available)
            suggestion.append(SuggestedBatch(batchNo: try row.string("batch_no"), available: available, take: take))
            rest -= take
        }
        return suggestion
    }
}
