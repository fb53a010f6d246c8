/// The FIFO batch suggestion of the M1 wizard (spec §17.1): for a quantity of a material,
/// the oldest batches in MAIN first, each with what it can give.
extension StockService {
    public struct SuggestedBatch: Sendable, Equatable {
        public let batchNo: String
        public let available: Grams
        public let take: Grams
    }

    public func suggestBatches(_ db: any SQLConnection, material key: String, quantity: Grams) throws -> [SuggestedBatch] {
        var rest = quantity
        var suggestion: [SuggestedBatch] = []
        for (batchNo, available) in try batches(db, at: .main, material: key) where rest.grams > 0 {
            let take = min(rest, available)
            suggestion.append(SuggestedBatch(batchNo: batchNo, available: available, take: take))
            rest -= take
        }
        return suggestion
    }

    /// A material's batches on hand at a location, oldest received first (FIFO).
    public func batches(_ db: any SQLConnection, at location: LocationKind, material key: String) throws -> [(batchNo: String, available: Grams)] {
        let material = try Material.find(db, key)
        return try db.query("""
            SELECT i.batch_no, i.qty_milli FROM stock_items i
            JOIN stock_locations l ON l.id = i.location_id
            LEFT JOIN material_batches b ON b.material_id = i.material_id AND b.batch_no = i.batch_no
            WHERE l.code = ? AND i.material_id = ? AND i.qty_milli > 0
            ORDER BY b.received_at, i.batch_no
            """, location, material.id).map { (try $0.string("batch_no"), try $0.quantity("qty_milli")) }
    }
}
