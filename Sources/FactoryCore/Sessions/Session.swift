/// A production session: one SKU on one workcenter for one shift (M3).
/// States: opened ↔ paused → closed; an approved re-open returns it to opened (DECISIONS B8).
public struct Session: Sendable, Equatable, Identifiable {
    public typealias ID = TypedID<Session>
    public let id: ID
    public let workcenter: String
    public let sku: String
    public let partiyaNo: String
    public let shift: Shift
    public let status: SessionStatus
    public let pauseReason: String?
    public let startedAt: Timestamp
    public let operators: [String]
    /// The published recipe as it was when the session started.
    public let recipe: RecipeSnapshot

    public init(id: ID, workcenter: String, sku: String, partiyaNo: String, shift: Shift, status: SessionStatus, pauseReason: String? = nil,
                startedAt: Timestamp, operators: [String], recipe: RecipeSnapshot) {
        (self.id, self.workcenter, self.sku, self.partiyaNo, self.shift) = (id, workcenter, sku, partiyaNo, shift)
        (self.status, self.pauseReason, self.startedAt, self.operators, self.recipe) = (status, pauseReason, startedAt, operators, recipe)
    }

    public static func load(_ db: any SQLConnection, _ id: ID) throws -> Session {
        guard let row = try db.queryOne("""
            SELECT s.*, w.code AS workcenter_code, k.code AS sku_code FROM sessions s
            JOIN workcenters w ON w.id = s.workcenter_id JOIN skus k ON k.id = s.sku_id WHERE s.id = ?
            """, id) else { throw FactoryError.notFound("session", id.text) }
        let operators = try db.query("""
            SELECT u.username FROM session_operators o JOIN users u ON u.id = o.user_id WHERE o.session_id = ? ORDER BY u.username
            """, id).map { try $0.string("username") }
        return Session(id: id, workcenter: try row.string("workcenter_code"), sku: try row.string("sku_code"),
                       partiyaNo: try row.string("partiya_no"), shift: try row.word("shift"), status: try row.word("status"),
                       pauseReason: row.optionalString("pause_reason"), startedAt: try row.timestamp("started_at"),
                       operators: operators, recipe: try RecipeSnapshot(json: try JSONValue.parse(try row.string("recipe_snapshot_json"))))
    }
}

/// The recipe frozen into a session: later edits of the recipe do not change what a running
/// session is held to.
public struct RecipeSnapshot: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let material: String
        public let component: ComponentType
        public let ratio: Percent?

        public init(material: String, component: ComponentType, ratio: Percent?) {
            (self.material, self.component, self.ratio) = (material, component, ratio)
        }
    }

    public let recipeID: String
    public let version: Int64
    public let vtLimit: Percent
    public let lines: [Line]

    public var json: JSONValue {
        ["recipe_id": .string(recipeID), "version": .int(version), "vt_limit_mpct": .int(vtLimit.units),
         "lines": .array(lines.map { ["material": .string($0.material), "comp_type": .string($0.component.rawValue),
                                      "ratio_mpct": JSONValue.from($0.ratio?.units)] })]
    }

    public init(recipeID: String, version: Int64, vtLimit: Percent, lines: [Line]) {
        self.recipeID = recipeID
        self.version = version
        self.vtLimit = vtLimit
        self.lines = lines
    }

    init(json: JSONValue) throws {
        let fields = json.objectFields
        guard case .string(let id)? = fields["recipe_id"], case .int(let version)? = fields["version"],
              case .int(let limit)? = fields["vt_limit_mpct"], case .array(let lines)? = fields["lines"] else {
            throw FactoryError.unavailable("corrupt_row", "a session's recipe snapshot is unreadable")
        }
        self.init(recipeID: id, version: version, vtLimit: Percent(units: limit), lines: try lines.map { line in
            let f = line.objectFields
            guard case .string(let material)? = f["material"], case .string(let type)? = f["comp_type"],
                  let component = ComponentType(rawValue: type) else {
                throw FactoryError.unavailable("corrupt_row", "a session's recipe snapshot line is unreadable")
            }
            var ratio: Percent?
            if case .int(let units)? = f["ratio_mpct"] { ratio = Percent(units: units) }
            return Line(material: material, component: component, ratio: ratio)
        })
    }

    /// The newest published recipe of an SKU, or the published `version`.
    static func published(_ db: any SQLConnection, skuID: String, skuCode: String, version: Int64? = nil) throws -> RecipeSnapshot {
        guard let recipe = try db.queryOne("""
            SELECT id, version, vt_limit_mpct FROM recipes WHERE sku_id = ? AND status = 'published' AND (? = 0 OR version = ?)
            ORDER BY version DESC LIMIT 1
            """, skuID, version ?? 0, version ?? 0) else {
            let which = version.map { "version \($0)" } ?? "recipe"
            throw FactoryError.conflict("no_published_recipe", "\(skuCode) has no published \(which); the technologist must publish it",
                                        details: ["sku": skuCode])
        }
        let id = try recipe.string("id")
        let lines = try db.query("""
            SELECT m.code, l.comp_type, l.ratio_mpct FROM recipe_lines l JOIN materials m ON m.id = l.material_id
            WHERE l.recipe_id = ? ORDER BY m.code
            """, id).map { Line(material: try $0.string("code"), component: try $0.word("comp_type"), ratio: try $0.optionalQuantity("ratio_mpct")) }
        return RecipeSnapshot(recipeID: id, version: try recipe.int("version"), vtLimit: try recipe.quantity("vt_limit_mpct"), lines: lines)
    }
}
