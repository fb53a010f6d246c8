import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// A recipe is published only when the floor can run it: a VT limit, shares of exactly 100 %,
/// each material once, a VT share its own limit allows.
@Suite struct RecipeRulesTests {
    typealias Line = RecipeRules.Line
    static let uat = [Line(material: "PVD-PE", component: .perv, ratio: .whole(60)), Line(material: "VT-PE", component: .vt, ratio: .whole(30)),
                      Line(material: "MB-RED", component: .additiv, ratio: .whole(5)), Line(material: "TALK", component: .additiv, ratio: .whole(5))]

    @Test func theUATRecipeIsPublishable() {
        #expect(RecipeRules.publishProblems(vtLimit: .whole(35), lines: Self.uat).isEmpty)
    }

    @Test func eachRuleNamesWhatToMend() {
        #expect(RecipeRules.publishProblems(vtLimit: nil, lines: Self.uat) == [.vtLimitRequired])
        #expect(RecipeRules.publishProblems(vtLimit: .whole(35), lines: []) == [.noLines])
        let short = Array(Self.uat.dropLast())
        #expect(RecipeRules.publishProblems(vtLimit: .whole(35), lines: short) == [.sharesNot100(sum: .whole(95))])
        #expect(RecipeRules.publishProblems(vtLimit: .whole(25), lines: Self.uat) == [.vtOverLimit(vt: .whole(30), limit: .whole(25))],
                "every session of it would stop at the VT gate")
        #expect(RecipeRules.publishProblems(vtLimit: .whole(30), lines: Self.uat).isEmpty, "a VT share at its limit is allowed, as the gate allows it")
        #expect(RecipeRules.draftProblems(vtLimit: .whole(101), lines: Self.uat + [Self.uat[0]]) == [.limitOver100, .duplicateMaterial("PVD-PE")])
        #expect(RecipeRules.draftProblems(vtLimit: nil, lines: short).isEmpty, "a draft may be unfinished")
        #expect(RecipeRules.error(.sharesNot100(sum: .whole(95))).details["sum_pct"] == "95")
    }
}

/// The technologist's draft, edited and published as the SKU's next version, on both engines.
@Suite struct RecipeServiceTests {
    @Test(arguments: TestBackends.all)
    func aDraftIsEditedThenPublishedAsTheNextVersionAndNewSessionsTakeIt(backend: Backend) throws {
        let floor = try Floor(backend)
        let recipes = floor.services.recipes
        let tech = floor.technologist
        var lines: [(material: String, ratio: Percent?)] = [("PVD-PE", .whole(65)), ("VT-PE", .whole(30)), ("MB-RED", .whole(5))]
        let draft = try floor.services.perform { try recipes.saveDraft($0, by: tech, sku: "POL-10", vtLimit: nil, lines: lines) }
        #expect(draft.version == 2 && draft.status == .draft)
        #expect(draft.lines.first { $0.material == "VT-PE" }?.component == .vt, "the type follows the material's category")
        #expect {
            try floor.services.perform { try recipes.publish($0, by: tech, sku: "POL-10") }
        } throws: { ($0 as? FactoryError)?.reason == "vt_limit_required" }
        lines[0].ratio = .whole(60)
        #expect {
            try floor.services.perform { db in
                _ = try recipes.saveDraft(db, by: tech, sku: "POL-10", vtLimit: .whole(35), lines: lines)
                return try recipes.publish(db, by: tech, sku: "POL-10")
            }
        } throws: { ($0 as? FactoryError)?.details["sum_pct"] == "95" }
        #expect(try floor.factory.db.read { try recipes.recipes($0, sku: "POL-10") }.first?.lines.first { $0.material == "PVD-PE" }?.ratio == .whole(65),
                "a refused publish leaves the draft as it was saved before")
        lines.append(("TALK", .whole(5)))
        #expect {
            try floor.services.perform { try recipes.saveDraft($0, by: floor.shopHead, sku: "POL-10", vtLimit: .whole(35), lines: lines) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        let published = try floor.services.perform { db in
            let again = try recipes.saveDraft(db, by: tech, sku: "POL-10", vtLimit: .whole(35), lines: lines)
            #expect(again.id == draft.id && again.version == 2, "one draft per SKU, saved again in place")
            return try recipes.publish(db, by: tech, sku: "POL-10")
        }
        #expect(published.status == .published && published.lines.count == 4)
        #expect {
            try floor.services.perform { try recipes.publish($0, by: tech, sku: "POL-10") }
        } throws: { ($0 as? FactoryError)?.reason == "no_draft" }
        #expect(try floor.start("E1", operators: ["op.aziz"]).recipe.version == 2, "a new session takes the newest published version")
        let next = try floor.services.perform { try recipes.saveDraft($0, by: tech, sku: "POL-10", vtLimit: .whole(35), lines: lines) }
        #expect(next.version == 3, "the next draft is numbered after every version")
        let actions = try floor.factory.db.read { db in
            try db.query("SELECT action FROM audit_log WHERE object_type = 'recipe' ORDER BY seq").map { try $0.string("action") }
        }
        #expect(actions == ["recipe.draft_saved", "recipe.draft_saved", "recipe.published", "recipe.draft_saved"])
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }
}
