/// What a recipe must be before the floor may run it (DECISIONS B16, DIGEST §3): a VT limit,
/// lines whose shares add up to exactly 100 %, each material once, and a VT share the recipe's
/// own limit allows (or every session of it would stop at the VT gate).
public enum RecipeRules {
    /// A recipe's line as a session freezes it: material, component type, share.
    public typealias Line = RecipeSnapshot.Line

    public enum Problem: Sendable, Equatable {
        case vtLimitRequired
        case noLines
        case duplicateMaterial(String)
        case shareOver100(material: String)
        case limitOver100
        case sharesNot100(sum: Percent)
        case vtOverLimit(vt: Percent, limit: Percent)
    }

    /// What stops a draft from being saved: nothing a later edit could not mend is refused.
    public static func draftProblems(vtLimit: Percent?, lines: [Line]) -> [Problem] {
        var problems: [Problem] = []
        if let vtLimit, vtLimit > .hundred { problems.append(.limitOver100) }
        var seen: Set<String> = []
        for line in lines {
            if !seen.insert(line.material).inserted { problems.append(.duplicateMaterial(line.material)) }
            if let ratio = line.ratio, ratio > .hundred { problems.append(.shareOver100(material: line.material)) }
        }
        return problems
    }

    /// What stops a draft from being published, in the order a technologist mends them.
    public static func publishProblems(vtLimit: Percent?, lines: [Line]) -> [Problem] {
        var problems = draftProblems(vtLimit: vtLimit, lines: lines)
        if vtLimit == nil { problems.append(.vtLimitRequired) }
        guard !lines.isEmpty else { return problems + [.noLines] }
        let shared = lines.compactMap(\.ratio)
        let sum = Percent(units: shared.reduce(0) { $0 + $1.units })
        if !shared.isEmpty, sum != .hundred { problems.append(.sharesNot100(sum: sum)) }
        let vt = Percent(units: lines.filter { $0.component == .vt }.compactMap(\.ratio).reduce(0) { $0 + $1.units })
        if let vtLimit, vt > vtLimit { problems.append(.vtOverLimit(vt: vt, limit: vtLimit)) }
        return problems
    }

    /// The error a problem is refused with: a stable reason and the numbers to mend it.
    public static func error(_ problem: Problem) -> FactoryError {
        switch problem {
        case .vtLimitRequired:
            FactoryError(.validationError, reason: "vt_limit_required", "a published recipe needs a VT limit", details: ["field": "vt_limit_pct"])
        case .noLines:
            FactoryError(.validationError, reason: "recipe_empty", "a recipe needs at least one material", details: ["field": "lines"])
        case .duplicateMaterial(let material):
            FactoryError(.validationError, reason: "duplicate_material", "\(material) is in the recipe twice",
                         details: ["field": "lines", "material": material])
        case .shareOver100(let material):
            FactoryError(.validationError, reason: "share_over_100", "a share cannot exceed 100 %", details: ["field": "lines", "material": material])
        case .limitOver100:
            FactoryError(.validationError, reason: "limit_over_100", "a VT limit cannot exceed 100 %", details: ["field": "vt_limit_pct"])
        case .sharesNot100(let sum):
            FactoryError(.validationError, reason: "shares_not_100", "the shares add up to \(sum) %, not 100 %",
                         details: ["field": "lines", "sum_pct": sum.plainText])
        case .vtOverLimit(let vt, let limit):
            FactoryError(.validationError, reason: "vt_share_over_limit", "the recipe's VT share \(vt) % is over its limit \(limit) %",
                         details: ["field": "vt_limit_pct", "vt_pct": vt.plainText, "limit_pct": limit.plainText])
        }
    }
}
