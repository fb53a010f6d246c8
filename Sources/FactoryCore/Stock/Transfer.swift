/// A shipment between MAIN and SHOP: weighed out on one side, in transit, weighed in on the
/// other (DECISIONS A, B17).
public struct Transfer: Sendable, Equatable, Identifiable {
    public typealias ID = TypedID<Transfer>

    public struct Line: Sendable, Equatable {
        public let id: String
        /// 1, 2, 3… in the order the lines were weighed out; nil for lines older than numbering.
        public let number: Int64?
        public let material: String
        public let batchNo: String
        public let sent: Grams
        public let received: Grams?
        /// Received minus sent: what the two scales disagree on.
        public var difference: Grams? { received.map { $0 - sent } }
    }

    public let id: ID
    public let direction: TransferDirection
    public let status: TransferStatus
    public let lines: [Line]

    static func load(_ db: any SQLConnection, _ id: ID) throws -> Transfer {
        guard let header = try db.queryOne("SELECT * FROM stock_transfers WHERE id = ?", id) else {
            throw FactoryError.notFound("transfer", id.text)
        }
        let lines = try db.query("""
            SELECT l.id, l.line_no, m.code, l.batch_no, l.sent_g, l.received_g FROM stock_transfer_lines l
            JOIN materials m ON m.id = l.material_id WHERE l.transfer_id = ? ORDER BY COALESCE(l.line_no, 0), l.id
            """, id).map { row in
            Line(id: try row.string("id"), number: try row.optionalInt("line_no"), material: try row.string("code"), batchNo: try row.string("batch_no"),
                 sent: try row.quantity("sent_g"), received: try row.optionalQuantity("received_g"))
        }
        return Transfer(id: id, direction: try header.word("direction"), status: try header.word("status"), lines: lines)
    }
}

extension StockService {
    /// Shipments on their way to a location, oldest first: what its storekeeper has to receive.
    public func inTransit(_ db: any SQLConnection, by actor: Actor, to location: LocationKind) throws -> [Transfer] {
        try PermissionMatrix.require(actor, .stockView)
        return try db.query("""
            SELECT t.id FROM stock_transfers t JOIN stock_locations l ON l.id = t.to_location_id
            WHERE t.status = 'in_transit' AND l.code = ? ORDER BY t.created_at, t.id
            """, location.rawValue).map { try Transfer.load(db, try $0.id("id")) }
    }

    /// The shipment this person was loading here and left open (no line received yet) within
    /// the last twelve hours, a shift: after a sign-out the next load still joins it.
    public func openShipment(_ db: any SQLConnection, by actor: Actor, from location: LocationKind, at now: Timestamp) throws -> Transfer? {
        try PermissionMatrix.require(actor, .stockView)
        guard let row = try db.queryOne("""
            SELECT t.id FROM stock_transfers t JOIN stock_locations l ON l.id = t.from_location_id
            WHERE t.status = 'in_transit' AND l.code = ? AND t.created_by = ? AND t.created_at >= ?
              AND NOT EXISTS (SELECT 1 FROM stock_transfer_lines s WHERE s.transfer_id = t.id AND s.received_g IS NOT NULL)
            ORDER BY t.created_at DESC, t.id DESC LIMIT 1
            """, location.rawValue, actor.userID, now.adding(seconds: -12 * 3600)) else { return nil }
        return try Transfer.load(db, try row.id("id"))
    }
}
