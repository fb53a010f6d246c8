/// The drill-down of a session whose balance does not close (spec §6.8 Investigate, §17.6):
/// every fact behind each number of the balance card, with the scale reading behind it.
public struct Investigation: Sendable, Equatable {
    public struct Input: Sendable, Equatable {
        public let material: String
        public let quantity: Grams
        public let at: Timestamp
    }

    public struct PackedRoll: Sendable, Equatable {
        public let qrCode: String
        public let status: PackageStatus
        public let weight: Grams
        public let weightTrusted: Bool
        public let scaleEventID: String?
    }

    public struct Scrap: Sendable, Equatable {
        public let source: ScrapSource
        public let sealNo: String?
        public let net: Grams
        public let linked: Grams
    }

    public let balance: MassBalance
    /// Packages still draft, in review or awaiting QC: the balance is not final while any is.
    public let pendingPackages: Int
    public let inputs: [Input]
    public let wip: [Input]
    public let packages: [PackedRoll]
    public let scrap: [Scrap]
}

extension BalanceService {
    public func investigate(_ db: any SQLConnection, by actor: Actor, session id: Session.ID) throws -> Investigation {
        let preview = try preview(db, by: actor, session: id)
        let inputs = try db.query("""
            SELECT m.code, l.qty_g, l.created_at FROM session_input_link l JOIN materials m ON m.id = l.material_id
            WHERE l.session_id = ? ORDER BY l.created_at
            """, id).map { Investigation.Input(material: try $0.string("code"), quantity: try $0.quantity("qty_g"), at: try $0.timestamp("created_at")) }
        let wip = try db.query("""
            SELECT m.code, t.qty_milli, t.ts FROM stock_txn t JOIN materials m ON m.id = t.material_id
            WHERE t.session_id = ? AND t.type = 'SHOP_SNAPSHOT' ORDER BY t.ts
            """, id).map { Investigation.Input(material: try $0.string("code"), quantity: try $0.quantity("qty_milli"), at: try $0.timestamp("ts")) }
        let packages = try db.query("""
            SELECT qr_code, status, weight_g, weight_trusted_bool, scale_event_id FROM packages WHERE session_id = ? ORDER BY created_at, qr_code
            """, id).map {
            Investigation.PackedRoll(qrCode: try $0.string("qr_code"), status: try $0.word("status"), weight: try $0.quantity("weight_g"),
                                     weightTrusted: try $0.bool("weight_trusted_bool"), scaleEventID: $0.optionalString("scale_event_id"))
        }
        let scrap = try db.query("""
            SELECT l.source, l.seal_no, l.net_g, COALESCE((SELECT SUM(qty_g) FROM scrap_links k WHERE k.scrap_lot_id = l.id), 0) AS linked
            FROM scrap_lots l WHERE l.session_id = ? ORDER BY l.created_at
            """, id).map {
            Investigation.Scrap(source: try $0.word("source"), sealNo: $0.optionalString("seal_no"), net: try $0.quantity("net_g"),
                                linked: try $0.quantity("linked"))
        }
        return Investigation(balance: preview.balance, pendingPackages: preview.pendingPackages, inputs: inputs, wip: wip,
                             packages: packages, scrap: scrap)
    }
}
