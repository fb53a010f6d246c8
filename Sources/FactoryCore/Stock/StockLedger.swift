/// Stock on hand per location, material and batch, in grams. Every move goes through here so
/// stock never goes negative (spec §2 "illogical/negative values blocked").
struct StockLedger {
    let db: any SQLConnection

    func locationID(_ kind: LocationKind) throws -> String {
        guard let row = try db.queryOne("SELECT id FROM stock_locations WHERE code = ?", kind.rawValue) else {
            throw FactoryError.notFound("stock_location", kind.rawValue)
        }
        return try row.string("id")
    }

    func onHand(_ location: LocationKind, material: Material, batch: String) throws -> Grams {
        let row = try db.queryOne("""
            SELECT qty_milli FROM stock_items WHERE location_id = ? AND item_type = ? AND material_id = ? AND batch_no = ?
            """, try locationID(location), material.itemType, material.id, batch)
        return Grams(try row?.int("qty_milli") ?? 0)
    }

    func add(_ quantity: Grams, to location: LocationKind, material: Material, batch: String) throws {
        let location = try locationID(location)
        let changed = try db.execute("""
            UPDATE stock_items SET qty_milli = qty_milli + ?
            WHERE location_id = ? AND item_type = ? AND material_id = ? AND batch_no = ?
            """, quantity, location, material.itemType, material.id, batch)
        if changed == 0 {
            try db.execute("""
                INSERT INTO stock_items (id, location_id, item_type, material_id, batch_no, qty_milli, uom) VALUES (?, ?, ?, ?, ?, ?, 'kg')
                """, TypedID<StockLedger>(), location, material.itemType, material.id, batch, quantity)
        }
    }

    func remove(_ quantity: Grams, from location: LocationKind, material: Material, batch: String) throws {
        let changed = try db.execute("""
            UPDATE stock_items SET qty_milli = qty_milli - ?
            WHERE location_id = ? AND item_type = ? AND material_id = ? AND batch_no = ? AND qty_milli >= ?
            """, quantity, try locationID(location), material.itemType, material.id, batch, quantity)
        guard changed == 1 else {
            let available = try onHand(location, material: material, batch: batch)
            throw FactoryError.conflict(
                "insufficient_stock",
                "\(location.rawValue) holds \(available) kg of \(material.code) batch \(batch), less than the \(quantity) kg weighed",
                details: ["location": location.rawValue, "material": material.code, "batch_no": batch,
                          "available_kg": available.decimalText, "requested_kg": quantity.decimalText])
        }
    }

    /// One row of the stock journal.
    @discardableResult
    func journal(_ type: StockTxnType, from: LocationKind?, to: LocationKind?, material: Material, batch: String,
                 quantity: Grams, at time: Timestamp, by actor: Actor, sessionID: String? = nil,
                 scaleEventID: String?, reference: JSONValue = nil, snapshotKey: String? = nil) throws -> String {
        let id = TypedID<StockLedger>().text
        try db.execute("""
            INSERT INTO stock_txn (id, type, from_location_id, to_location_id, item_type, material_id, batch_no, qty_milli, uom,
                                   ts, by_user, session_id, scale_event_id, weight_trusted_bool, ref_doc, snapshot_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'kg', ?, ?, ?, ?, ?, ?, ?)
            """, id, type, try from.map(locationID), try to.map(locationID), material.itemType, material.id, batch, quantity,
            time, actor.userID, sessionID, scaleEventID, scaleEventID != nil, reference == .null ? nil : reference.canonicalText,
            snapshotKey)
        return id
    }
}

/// A raw material or VT granulate as stock knows it.
public struct Material: Sendable, Hashable {
    public let id: String
    public let code: String
    public let category: MaterialCategory

    var itemType: StockItemType { category == .vt ? .vt : .material }

    public static func find(_ db: any SQLConnection, _ key: String) throws -> Material {
        let row = try TypedID<Material>(key).flatMap { try db.queryOne("SELECT * FROM materials WHERE id = ?", $0) }
            ?? db.queryOne("SELECT * FROM materials WHERE code = ?", key)
        guard let row else { throw FactoryError.notFound("material", key) }
        return Material(id: try row.string("id"), code: try row.string("code"), category: try row.word("category"))
    }
}
