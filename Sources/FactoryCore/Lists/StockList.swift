/// Stock as the storekeepers look at it (GET /stock/locations, /stock/items).
extension StockService {
    public struct Location: Sendable, Equatable {
        public let id: String
        public let code: String
        public let kind: LocationKind
        public let name: String
    }

    public struct Item: Sendable, Equatable {
        public let location: String
        public let itemType: StockItemType
        public let code: String
        public let batchNo: String?
        public let quantity: Grams
        public let degazStatus: DegazStatus?
    }

    public func locations(_ db: any SQLConnection, by actor: Actor) throws -> [Location] {
        try PermissionMatrix.require(actor, .stockView)
        return try db.query("SELECT * FROM stock_locations ORDER BY code").map {
            Location(id: try $0.string("id"), code: try $0.string("code"), kind: try $0.word("kind"), name: try $0.string("name"))
        }
    }

    /// What a location holds, by material or SKU and batch; empty positions are left out.
    public func items(_ db: any SQLConnection, by actor: Actor, location: LocationKind?, page: Page) throws -> [Item] {
        try PermissionMatrix.require(actor, .stockView)
        var query = ListQuery("""
            SELECT l.code AS location, i.item_type, COALESCE(m.code, k.code) AS code, i.batch_no, i.qty_milli, i.degaz_status
            FROM stock_items i JOIN stock_locations l ON l.id = i.location_id
            LEFT JOIN materials m ON m.id = i.material_id LEFT JOIN skus k ON k.id = i.sku_id
            """)
        query.require("i.qty_milli > 0")
        query.filter("l.code = ?", location)
        return try query.run(db, orderBy: "l.code, code, i.batch_no", page: page).map {
            Item(location: try $0.string("location"), itemType: try $0.word("item_type"), code: try $0.string("code"),
                 batchNo: $0.optionalString("batch_no"), quantity: try $0.quantity("qty_milli"), degazStatus: try $0.optionalWord("degaz_status"))
        }
    }
}
