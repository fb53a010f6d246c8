/// What a grinder terminal needs to know before its first container: which kind of order its
/// line runs, what an empty VT answer means, and which session a lot's scrap belongs to.
extension ReworkService {
    /// A grinder line's workcenter type names its order type (`rework_hard`, `rework_soft`).
    public func orderType(_ db: any SQLConnection, line device: Device) throws -> ReworkOrderType {
        guard let workcenter = device.workcenterID,
              let row = try db.queryOne("SELECT type FROM workcenters WHERE id = ?", workcenter),
              let type = ReworkOrderType(rawValue: try row.string("type")) else {
            throw FactoryError.validation(field: "device", reason: "not_a_grinder_scale", "\(device.code) does not stand at a grinder line")
        }
        return type
    }

    /// The VT SKUs the grinder can put out, by code.
    public func vtSKUs(_ db: any SQLConnection) throws -> [String] {
        try db.query("SELECT code FROM skus WHERE category = ? ORDER BY code", SKUCategory.vt.rawValue).map { try $0.string("code") }
    }

    /// The latest session of a lot (`partiya_no`): where scrap of that lot is linked.
    public func session(_ db: any SQLConnection, lot: String) throws -> Session.ID {
        guard let row = try db.queryOne("SELECT id FROM sessions WHERE partiya_no = ? ORDER BY started_at DESC LIMIT 1", lot),
              let id = Session.ID(try row.string("id")) else {
            throw FactoryError.notFound("lot", lot)
        }
        return id
    }

    /// What the order has taken in so far.
    public func inTotal(_ db: any SQLConnection, order: OrderID) throws -> Grams {
        guard let row = try db.queryOne("SELECT in_total_g FROM rework_orders WHERE id = ?", order) else {
            throw FactoryError.notFound("rework_order", order.text)
        }
        return try row.quantity("in_total_g", as: Grams.self)
    }

    /// An order left open at a grinder line, with the containers it has taken in so far.
    public struct OpenOrder: Sendable, Equatable {
        public let id: OrderID
        public let inTotal: Grams
        public let containers: [(label: String, net: Grams)]

        public static func == (a: OpenOrder, b: OpenOrder) -> Bool {
            a.id == b.id && a.inTotal == b.inTotal && a.containers.map(\.label) == b.containers.map(\.label)
                && a.containers.map(\.net) == b.containers.map(\.net)
        }
    }

    /// The order still open at this grinder line, newest first: the one whose containers were
    /// weighed on the line's scales. An order is a fact in the database, not the kiosk's
    /// memory, so the next person to sign in at the line carries it on.
    public func openOrder(_ db: any SQLConnection, at station: Device) throws -> OpenOrder? {
        let type = try orderType(db, line: station)
        guard let row = try db.queryOne("""
            SELECT o.id, o.in_total_g FROM rework_orders o
            WHERE o.status = 'opened' AND o.type = ? AND EXISTS (
                SELECT 1 FROM rework_io i JOIN devices d ON d.id = i.device_id
                WHERE i.rework_order_id = o.id AND d.workcenter_id = ?)
            ORDER BY o.opened_at DESC LIMIT 1
            """, type.rawValue, station.workcenterID),
              let id = OrderID(try row.string("id")) else { return nil }
        let containers = try db.query("""
            SELECT COALESCE(i.seal_no, p.qr_code, '-') AS label, i.net_g FROM rework_io i
            LEFT JOIN packages p ON p.id = i.source_package_id
            WHERE i.rework_order_id = ? AND i.direction = 'in' ORDER BY i.at, i.id
            """, id).map { (label: try $0.string("label"), net: try $0.quantity("net_g", as: Grams.self)) }
        return OpenOrder(id: id, inTotal: try row.quantity("in_total_g", as: Grams.self), containers: containers)
    }
}
