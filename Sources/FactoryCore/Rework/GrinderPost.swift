/// Where a grinder works (spec §3 M8): the line's IN scale, the scale its VT is weighed out on
/// (named, or the line's other active scale), the order type the line runs, and the VT SKU an
/// empty answer means.
public struct GrinderPost: Sendable {
    public let scale: Device
    public let outScale: Device
    public let orderType: ReworkOrderType
    public let defaultVTSKU: String?

    public static func find(_ db: any SQLConnection, rework: ReworkService, scale key: String, outScale outKey: String?) throws -> GrinderPost {
        let scale = try Device.find(db, key)
        let type = try rework.orderType(db, line: scale)
        let out = try outKey.map { try Device.find(db, $0) }
            ?? Device.all(db).first { $0.type == .scale && $0.active && $0.workcenterID == scale.workcenterID && $0.id != scale.id }
            ?? scale
        return GrinderPost(scale: scale, outScale: out, orderType: type, defaultVTSKU: try rework.vtSKUs(db).first)
    }
}

extension ReworkService {
    /// A container in on the order already open, or on a new one of the line's type when there
    /// is none yet: the first container opens the order, in the same transaction.
    public func takeIn(_ db: any SQLConnection, by actor: Actor, orderOrNew order: OrderID?, type: ReworkOrderType,
                       _ container: Container) throws -> (order: OrderID, taken: InResult, inTotal: Grams) {
        let id = try order ?? open(db, by: actor, type: type)
        let taken = try takeIn(db, by: actor, order: id, container)
        return (id, taken, try inTotal(db, order: id))
    }
}
