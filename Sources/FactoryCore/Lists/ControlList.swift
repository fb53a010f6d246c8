/// The control lists: gates of an object, the rework orders, and the signed audit trail.
extension GateLog {
    public func list(_ db: any SQLConnection, by actor: Actor, objectID: String?, openOnly: Bool, page: Page) throws -> [GateRecord] {
        try PermissionMatrix.require(actor, .dashboardView)
        var query = ListQuery("SELECT * FROM gate_log")
        query.filter("object_id = ?", objectID)
        if openOnly { query.require("released_at IS NULL") }
        return try query.run(db, orderBy: "ts DESC, id", page: page).map(GateRecord.init(row:))
    }
}

extension ReworkService {
    public struct Order: Sendable, Equatable {
        public let id: OrderID
        public let type: ReworkOrderType
        public let status: ReworkOrderStatus
        public let openedAt: Timestamp
        public let inTotal: Grams
        public let outTotal: Grams?
        public let lossPct: Percent?
        public let notes: String?
    }

    public func orders(_ db: any SQLConnection, by actor: Actor, status: ReworkOrderStatus?, page: Page) throws -> [Order] {
        try PermissionMatrix.require(actor, .reworkOperate)
        var query = ListQuery("SELECT * FROM rework_orders")
        query.filter("status = ?", status)
        return try query.run(db, orderBy: "opened_at DESC, id", page: page).map {
            Order(id: try $0.id("id"), type: try $0.word("type"), status: try $0.word("status"), openedAt: try $0.timestamp("opened_at"),
                  inTotal: try $0.quantity("in_total_g"), outTotal: try $0.optionalQuantity("out_total_g"),
                  lossPct: try $0.optionalQuantity("loss_mpct"), notes: $0.optionalString("notes"))
        }
    }
}

extension AuditLog {
    public struct TrailEntry: Sendable, Equatable {
        public let seq: Int64
        public let ts: Timestamp
        public let actorID: String?
        public let role: String?
        public let action: String
        public let objectType: String
        public let objectID: String?
        public let diff: JSONValue
        public let sigHash: String
    }

    /// The trail with its signatures (spec §11.10 "signed diffs"), oldest first.
    public func list(_ db: any SQLConnection, by actor: Actor, objectType: String?, objectID: String?, from: Timestamp?,
                     to: Timestamp?, page: Page) throws -> [TrailEntry] {
        try PermissionMatrix.require(actor, .auditView)
        var query = ListQuery("SELECT * FROM audit_log")
        query.filter("object_type = ?", objectType)
        query.filter("object_id = ?", objectID)
        query.filter("ts >= ?", from)
        query.filter("ts < ?", to)
        return try query.run(db, orderBy: "seq", page: page).map {
            TrailEntry(seq: try $0.int("seq"), ts: try $0.timestamp("ts"), actorID: $0.optionalString("actor_id"), role: $0.optionalString("role"),
                action: try $0.string("action"), objectType: try $0.string("object_type"), objectID: $0.optionalString("object_id"),
                diff: try JSONValue.parse(try $0.string("old_new_diff_json")), sigHash: try $0.string("sig_hash"))
        }
    }
}
