/// The shop head's request to MAIN (spec §5.2 input; DECISIONS B17): what the shop needs, by
/// material and planned weight. MAIN fulfils it with a shipment weighed on its scales; the
/// planned weights only guide the storekeeper, the scale decides what moves.
public struct ShopRequest: Sendable, Equatable, Identifiable {
    public typealias ID = TypedID<ShopRequest>

    public enum Status: String, DomainEnum {
        case open, fulfilled, cancelled
        public static let domainName = "shop_request.status"
    }

    public struct Line: Sendable, Equatable {
        public let material: String
        public let planned: Grams

        public init(material: String, planned: Grams) {
            self.material = material
            self.planned = planned
        }
    }

    public let id: ID
    public let status: Status
    public let lines: [Line]
    public let note: String?
    public let requestedBy: String
    public let requestedAt: Timestamp

    init(row: Row) throws {
        id = try row.id("id")
        status = try row.word("status")
        guard case .array(let items) = try JSONValue.parse(try row.string("lines_json")) else {
            throw FactoryError.unavailable("corrupt_row", "a shop request's lines are unreadable")
        }
        lines = items.compactMap { item in
            guard case .object(let fields) = item, case .string(let material)? = fields["material"],
                  case .int(let grams)? = fields["planned_g"] else { return nil }
            return Line(material: material, planned: Grams(grams))
        }
        note = row.optionalString("note")
        requestedBy = try row.string("username")
        requestedAt = try row.timestamp("requested_at")
    }

    static let select = "SELECT r.*, u.username FROM shop_requests r JOIN users u ON u.id = r.requested_by"

    static func load(_ db: any SQLConnection, _ id: ID) throws -> ShopRequest {
        guard let row = try db.queryOne("\(select) WHERE r.id = ?", id) else { throw FactoryError.notFound("shop_request", id.text) }
        return try ShopRequest(row: row)
    }
}

extension StockService {
    public func request(_ db: any SQLConnection, by actor: Actor, lines: [ShopRequest.Line], note: String? = nil) throws -> ShopRequest {
        try PermissionMatrix.require(actor, .stockRequest)
        guard !lines.isEmpty else {
            throw FactoryError.validation(field: "lines", reason: "empty_value", "a request names at least one material")
        }
        var items: [JSONValue] = []
        for line in lines {
            guard line.planned.grams > 0 else {
                throw FactoryError.validation(field: "planned_kg", reason: "out_of_range", "a requested quantity is more than 0 kg")
            }
            items.append(["material": .string(try Material.find(db, line.material).code), "planned_g": .int(line.planned.grams)])
        }
        let id = ShopRequest.ID()
        try db.execute("""
            INSERT INTO shop_requests (id, requested_by, requested_at, status, lines_json, note) VALUES (?, ?, ?, 'open', ?, ?)
            """, id, actor.userID, audit.clock.now(), JSONValue.array(items).canonicalText, note)
        try audit.record(db, by: .user(actor), action: "stock.requested", object: AuditObject("shop_request", id),
                         new: ["lines": .array(items), "note": JSONValue.from(note)])
        return try ShopRequest.load(db, id)
    }

    /// MAIN's work list: open requests, oldest first.
    public func openRequests(_ db: any SQLConnection, by actor: Actor) throws -> [ShopRequest] {
        try PermissionMatrix.require(actor, .stockView)
        return try db.query("\(ShopRequest.select) WHERE r.status = 'open' ORDER BY r.requested_at, r.id").map(ShopRequest.init(row:))
    }

    public func cancelRequest(_ db: any SQLConnection, by actor: Actor, request id: ShopRequest.ID, reason: String) throws -> ShopRequest {
        try PermissionMatrix.require(actor, .stockRequest)
        try RequiredReason.check(reason, "cancelling a request needs a reason")
        try closeRequest(db, id, as: .cancelled, by: actor, detail: ["reason": .string(reason)])
        return try ShopRequest.load(db, id)
    }

    /// Marks an open request fulfilled or cancelled; anything else is a conflict.
    func closeRequest(_ db: any SQLConnection, _ id: ShopRequest.ID, as status: ShopRequest.Status, by actor: Actor,
                      detail: [String: JSONValue]) throws {
        let request = try ShopRequest.load(db, id)
        let changed = try db.execute("UPDATE shop_requests SET status = ? WHERE id = ? AND status = 'open'", status, id)
        guard changed == 1 else {
            throw FactoryError.conflict("request_not_open", "this request is already \(request.status.rawValue)",
                                        details: ["request_id": id.text, "status": request.status.rawValue])
        }
        var new = detail
        new["status"] = .string(status.rawValue)
        try audit.record(db, by: .user(actor), action: "stock.request_\(status.rawValue)", object: AuditObject("shop_request", id),
                         old: ["status": "open"], new: .object(new))
    }
}
