/// The FG warehouse's lists (GET /fg/items, /fg/onhold).
extension FGService {
    public func items(_ db: any SQLConnection, by actor: Actor, lot: String?, sku: String?, page: Page) throws -> [Package] {
        try PermissionMatrix.require(actor, .fgView)
        var query = ListQuery("\(Package.select) JOIN sessions s ON s.id = p.session_id")
        query.filter("p.status = ?", PackageStatus.fgReceived)
        query.filter("s.partiya_no = ?", lot)
        query.filter("k.code = ?", sku)
        return try query.run(db, orderBy: "p.updated_at DESC, p.qr_code", page: page).map(Package.init(row:))
    }

    public struct Hold: Sendable, Equatable {
        public let id: String
        public let qrCode: String
        public let gate: GateType?
        public let reasonCode: String
        public let reason: String
        public let createdAt: Timestamp
    }

    /// Open holds, newest first.
    public func holds(_ db: any SQLConnection, by actor: Actor, page: Page) throws -> [Hold] {
        try PermissionMatrix.require(actor, .fgView)
        var query = ListQuery("SELECT * FROM on_hold")
        query.require("released_at IS NULL")
        return try query.run(db, orderBy: "created_at DESC, id", page: page).map {
            Hold(id: try $0.string("id"), qrCode: try $0.string("qr_code"), gate: try $0.optionalWord("gate_type"),
                 reasonCode: try $0.string("reason_code"), reason: try $0.string("reason"), createdAt: try $0.timestamp("created_at"))
        }
    }
}
