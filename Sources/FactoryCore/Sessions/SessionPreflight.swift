import Foundation

/// What the shop head sees on the session form before pressing Start (spec §17.3): the SKU's
/// published recipe, the line's running session, and the crew gates `gt_2_extruder` and
/// `e3_qualification` lit from the same rules the start applies. Nothing is written: the start
/// itself checks again, under its locks.
extension SessionService {
    public struct Preflight: Sendable, Equatable {
        /// One crew gate as a light: clear, or held by the operator it names.
        public enum Light: Sendable, Equatable {
            case clear
            case held(operator: String)
            /// Nobody named yet.
            case unknown
        }

        public let recipe: RecipeSnapshot?
        /// The line's session still opened or paused: a new one cannot start beside it.
        public let running: Session.ID?
        public let twoExtruders: Light
        public let qualification: Light

        public init(recipe: RecipeSnapshot?, running: Session.ID?, twoExtruders: Light, qualification: Light) {
            (self.recipe, self.running, self.twoExtruders, self.qualification) = (recipe, running, twoExtruders, qualification)
        }

        public var canStart: Bool { recipe != nil && running == nil && twoExtruders == .clear && qualification == .clear }
    }

    /// The choices a form offers: the SKUs that have a published recipe, and the active
    /// operators, those qualified for the line first.
    public struct StartChoices: Sendable, Equatable {
        public let skus: [String]
        public let operators: [String]

        public init(skus: [String], operators: [String]) {
            (self.skus, self.operators) = (skus, operators)
        }
    }

    public func preflight(_ db: any SQLConnection, by actor: Actor, _ request: Start) throws -> Preflight {
        try PermissionMatrix.require(actor, .sessionStart)
        guard let workcenter = try db.queryOne("SELECT id, code FROM workcenters WHERE code = ?", request.workcenter) else {
            throw FactoryError.notFound("workcenter", request.workcenter)
        }
        let running = try db.queryOne("SELECT id FROM sessions WHERE workcenter_id = ? AND status IN ('opened', 'paused')",
                                      try workcenter.string("id")).flatMap { Session.ID(try $0.string("id")) }
        var recipe: RecipeSnapshot?
        if let sku = try db.queryOne("SELECT id, code FROM skus WHERE code = ?", request.sku) {
            recipe = try? RecipeSnapshot.published(db, skuID: try sku.string("id"), skuCode: try sku.string("code"))
        }
        let names = request.operators.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !names.isEmpty else {
            return Preflight(recipe: recipe, running: running, twoExtruders: .unknown, qualification: .unknown)
        }
        let crew = try crew(db, named: names, workcenter: try workcenter.string("code"), at: audit.clock.now(), lock: false)
        var twoExtruders = Preflight.Light.clear, qualification = Preflight.Light.clear
        for refusal in OperatorLimits.check(crew: crew.map(\.1)) {
            switch refusal {
            case .crewSize: break
            case .tooManyLines(let username, _, _) where twoExtruders == .clear: twoExtruders = .held(operator: username)
            case .notQualified(let username) where qualification == .clear: qualification = .held(operator: username)
            default: break
            }
        }
        return Preflight(recipe: recipe, running: running, twoExtruders: twoExtruders, qualification: qualification)
    }

    public func startChoices(_ db: any SQLConnection, workcenter: String) throws -> StartChoices {
        let skus = try db.query("""
            SELECT DISTINCT k.code FROM skus k JOIN recipes r ON r.sku_id = k.id AND r.status = 'published' ORDER BY k.code
            """).map { try $0.string("code") }
        let now = audit.clock.now()
        var qualified: [String] = [], others: [String] = []
        for row in try db.query("SELECT id, username FROM users WHERE position = 'operator' AND status = 'active' ORDER BY username") {
            let name = try row.string("username")
            if let id = User.ID(try row.string("id")), try users.isQualified(db, user: id, workcenter: workcenter, at: now) {
                qualified.append(name)
            } else {
                others.append(name)
            }
        }
        return StartChoices(skus: skus, operators: qualified + others)
    }
}
