/// The technologist's recipes (DECISIONS B16): a draft per SKU, edited until it is right, then
/// published as the SKU's next version. A published version never changes; sessions started
/// after it take it, running ones only through a live recipe change.
public struct Recipe: Sendable, Equatable {
    public let id: String
    public let sku: String
    public let version: Int64
    public let status: RecipeStatus
    public let vtLimit: Percent?
    public let lines: [RecipeRules.Line]

    public init(id: String, sku: String, version: Int64, status: RecipeStatus, vtLimit: Percent?, lines: [RecipeRules.Line]) {
        (self.id, self.sku, self.version, self.status, self.vtLimit, self.lines) = (id, sku, version, status, vtLimit, lines)
    }
}

public struct RecipeService: Sendable {
    let audit: AuditLog

    public init(audit: AuditLog) { self.audit = audit }

    /// The SKUs that have a recipe or could have one, by code.
    public func skus(_ db: any SQLConnection) throws -> [String] {
        try db.query("SELECT code FROM skus ORDER BY code").map { try $0.string("code") }
    }

    /// An SKU's recipes, newest version first (its draft, if any, leads).
    public func recipes(_ db: any SQLConnection, sku: String) throws -> [Recipe] {
        try db.query("""
            SELECT r.id, r.version, r.status, r.vt_limit_mpct FROM recipes r JOIN skus s ON s.id = r.sku_id
            WHERE s.code = ? ORDER BY r.version DESC
            """, sku).map { row in
            let id = try row.string("id")
            let lines = try db.query("""
                SELECT m.code, l.comp_type, l.ratio_mpct FROM recipe_lines l JOIN materials m ON m.id = l.material_id
                WHERE l.recipe_id = ?
                """, id).map { RecipeRules.Line(material: try $0.string("code"), component: try $0.word("comp_type"),
                                                ratio: try $0.optionalQuantity("ratio_mpct")) }
                .sorted { ($0.component.order, $0.material) < ($1.component.order, $1.material) }
            return Recipe(id: id, sku: sku, version: try row.int("version"), status: try row.word("status"),
                          vtLimit: try row.optionalQuantity("vt_limit_mpct"), lines: lines)
        }
    }

    /// Saves the SKU's draft: the one there is, or a new one numbered after every version.
    /// A line's component type is its material's category; nothing is published here.
    public func saveDraft(_ db: any SQLConnection, by actor: Actor, sku: String, vtLimit: Percent?, lines: [(material: String, ratio: Percent?)]) throws -> Recipe {
        try PermissionMatrix.require(actor, .recipeManage)
        guard let skuRow = try db.queryOne("SELECT id FROM skus WHERE code = ?", sku) else { throw FactoryError.notFound("sku", sku) }
        let skuID = try skuRow.string("id")
        var typed: [(id: String, line: RecipeRules.Line)] = []
        for line in lines {
            guard let material = try db.queryOne("SELECT id, category FROM materials WHERE code = ?", line.material) else {
                throw FactoryError.notFound("material", line.material)
            }
            let category: MaterialCategory = try material.word("category")
            typed.append((try material.string("id"), .init(material: line.material, component: ComponentType(rawValue: category.rawValue) ?? .perv,
                                                            ratio: line.ratio)))
        }
        if let problem = RecipeRules.draftProblems(vtLimit: vtLimit, lines: typed.map(\.line)).first { throw RecipeRules.error(problem) }
        let before = try recipes(db, sku: sku).first { $0.status == .draft }
        let id: String
        if let before {
            id = before.id
            try db.execute("UPDATE recipes SET vt_limit_mpct = ? WHERE id = ?", vtLimit?.units, id)
            try db.execute("DELETE FROM recipe_lines WHERE recipe_id = ?", id)
        } else {
            id = TypedID<Recipe>().text
            let next = try db.queryOne("SELECT COALESCE(MAX(version), 0) + 1 AS v FROM recipes WHERE sku_id = ?", skuID)?.int("v") ?? 1
            try db.execute("INSERT INTO recipes (id, sku_id, version, vt_limit_mpct, status) VALUES (?, ?, ?, ?, 'draft')",
                           id, skuID, next, vtLimit?.units)
        }
        for (material, line) in typed {
            try db.execute("""
                INSERT INTO recipe_lines (id, recipe_id, material_id, comp_type, ratio_mpct) VALUES (?, ?, ?, ?, ?)
                """, TypedID<RecipeRules.Line>().text, id, material, line.component, line.ratio?.units)
        }
        let saved = try recipe(db, sku: sku, id: id)
        try audit.record(db, by: .user(actor), action: "recipe.draft_saved", object: AuditObject("recipe", id),
                         old: before.map(Self.json) ?? nil, new: Self.json(saved))
        return saved
    }

    /// Publishes the SKU's draft once the rules allow it; audited with what was published.
    public func publish(_ db: any SQLConnection, by actor: Actor, sku: String) throws -> Recipe {
        try PermissionMatrix.require(actor, .recipeManage)
        guard let draft = try recipes(db, sku: sku).first(where: { $0.status == .draft }) else {
            throw FactoryError.conflict("no_draft", "\(sku) has no draft to publish", details: ["sku": sku])
        }
        if let problem = RecipeRules.publishProblems(vtLimit: draft.vtLimit, lines: draft.lines).first { throw RecipeRules.error(problem) }
        let changed = try db.execute("""
            UPDATE recipes SET status = 'published', published_at = ?, published_by = ? WHERE id = ? AND status = 'draft'
            """, audit.clock.now(), actor.userID, draft.id)
        guard changed == 1 else { throw FactoryError.conflict("no_draft", "\(sku) has no draft to publish", details: ["sku": sku]) }
        let published = try recipe(db, sku: sku, id: draft.id)
        try audit.record(db, by: .user(actor), action: "recipe.published", object: AuditObject("recipe", draft.id),
                         old: ["status": "draft"], new: Self.json(published))
        return published
    }

    private func recipe(_ db: any SQLConnection, sku: String, id: String) throws -> Recipe {
        guard let found = try recipes(db, sku: sku).first(where: { $0.id == id }) else { throw FactoryError.notFound("recipe", id) }
        return found
    }

    static func json(_ recipe: Recipe) -> JSONValue {
        ["sku": .string(recipe.sku), "version": .int(recipe.version), "status": .string(recipe.status.rawValue),
         "vt_limit_mpct": JSONValue.from(recipe.vtLimit?.units),
         "lines": .array(recipe.lines.map { ["material": .string($0.material), "comp_type": .string($0.component.rawValue),
                                             "ratio_mpct": JSONValue.from($0.ratio?.units)] })]
    }
}

extension ComponentType {
    /// Virgin material first, then VT, then additives: the order a recipe is read in.
    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
