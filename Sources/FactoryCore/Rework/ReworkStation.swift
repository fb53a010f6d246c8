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
}
