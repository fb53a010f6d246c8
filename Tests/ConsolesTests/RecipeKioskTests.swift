@testable import Consoles
import FactoryCore
import Foundation
import Testing

/// The technologist's recipes: a draft from the published version, shares typed, saved, then
/// published with the PIN; refused with what to mend.
@Suite struct RecipeKioskTests {
    static let published = Recipe(id: "r1", sku: "POL-10", version: 1, status: .published, vtLimit: .whole(35), lines: [
        .init(material: "PVD-PE", component: .perv, ratio: .whole(60)), .init(material: "VT-PE", component: .vt, ratio: .whole(30)),
        .init(material: "MB-RED", component: .additiv, ratio: .whole(5)), .init(material: "TALK", component: .additiv, ratio: .whole(5))])
    static let skus = [RecipeKiosk.Summary(sku: "POL-10", published: 1, draft: nil), RecipeKiosk.Summary(sku: "SET-05", published: nil, draft: 1)]

    static func keys(_ text: String) -> [KeyInput] { text.map { .key(.character($0)) } }
    static func press(_ names: String...) -> [KeyInput] { names.map { .key(.named($0)) } }

    final class Plant: RecipeClient, @unchecked Sendable {
        var made: [String] = []
        var answers: [String: RecipeKiosk.Event] = [:]
        func answer(_ call: String, _ key: String) -> RecipeKiosk.Event {
            made.append(call)
            guard let answer = answers[key] else { Issue.record("unexpected \(call)"); return .skus([]) }
            return answer
        }
        func skus() -> RecipeKiosk.Event { answer("skus", "skus") }
        func open(sku: String) -> RecipeKiosk.Event { answer("open \(sku)", "open") }
        func save(sku: String, vtLimit: String, rows: [RecipeKiosk.Row]) -> RecipeKiosk.Event {
            answer("save \(sku) \(vtLimit) " + rows.map { "\($0.material)=\($0.share)" }.joined(separator: ","), "save")
        }
        func publish(sku: String, pin: String) -> RecipeKiosk.Event { answer("publish \(sku) \(pin)", "publish") }
    }

    @Test func aDraftStartsFromThePublishedVersionIsSavedAndPublishedWithThePIN() throws {
        let kiosk = RecipeKiosk(chrome: try CatalogueTests.chrome(.en))
        let plant = Plant()
        let draft = Recipe(id: "r2", sku: "POL-10", version: 2, status: .draft, vtLimit: .whole(35), lines: Self.published.lines)
        plant.answers = ["open": .recipes(sku: "POL-10", [Self.published]), "save": .saved(draft), "skus": .skus(Self.skus),
                         "publish": .published(Recipe(id: "r2", sku: "POL-10", version: 2, status: .published, vtLimit: .whole(35), lines: []))]
        let listed = kiosk.update(.init(user: "texnolog"), .skus(Self.skus)).0
        // Open POL-10, the VT-PE share 30 → 25, PVD-PE 60 → 65, TALK dropped and ADD-1 added at 5 %.
        let inputs = Self.press("Enter", "Down", "Down") + Self.press("Backspace", "Backspace") + Self.keys("25") + Self.press("Up", "Backspace", "Backspace")
            + Self.keys("65") + Self.press("Down", "Down", "Down", "Backspace", "Down") + Self.keys("add-1") + Self.press("Enter")
            + Self.keys("5") + Self.press("Enter", "F5") + Self.keys("5501") + Self.press("Enter")
        let (state, _) = ConsoleClientTests.drive(kiosk, listed, inputs) { RecipePage.handle($0, plant, home: .gates) }
        #expect(plant.made == ["open POL-10", "save POL-10 35 PVD-PE=65,VT-PE=25,MB-RED=5,ADD-1=5", "skus", "publish POL-10 5501", "skus"],
                "Enter saves the draft without the emptied line, then the PIN publishes it")
        #expect(state.outcome == .published(2) && state.editing == nil)
        let opened = kiosk.update(listed, .recipes(sku: "POL-10", [Self.published])).0
        #expect(opened.editing?.draft == nil && opened.editing?.rows.count == 4, "a copy of v1, not yet a draft")
        #expect(kiosk.update(opened, .input(.key(.named("F5")))).0.notice == Notice("kiosk.recipe.save_first"))
        #expect(kiosk.update(listed, .input(.key(.named("Esc")))).1 == [.back])
        if case .open(let page) = RecipePage.handle(.back, plant, home: .gates) { #expect(page == .gates) } else { Issue.record("Esc stays") }
    }

    @Test func everyRecipeScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = RecipeKiosk(chrome: try CatalogueTests.chrome(language))
            let listed = kiosk.update(.init(user: "texnolog"), .skus(Self.skus)).0
            let editing = kiosk.update(listed, .recipes(sku: "POL-10", [Self.published])).0
            var off = editing
            off.editing?.rows[1].share = "25"
            off.editing?.focus = 2
            let saved = kiosk.update(editing, .saved(Recipe(id: "r2", sku: "POL-10", version: 2, status: .draft, vtLimit: .whole(35),
                                                            lines: Self.published.lines))).0
            let publishing = kiosk.update(saved, .input(.key(.named("F5")))).0
            let refused = kiosk.update(off, .refused(Failure(RecipeRules.error(.sharesNot100(sum: .whole(95)))))).0
            let done = kiosk.update(saved, .published(Recipe(id: "r2", sku: "POL-10", version: 2, status: .published, vtLimit: .whole(35), lines: []))).0
            for (name, state) in [("listed", listed), ("editing", editing), ("saved", saved), ("publishing", publishing),
                                  ("refused: shares", refused), ("published", done)] {
                text += "== \(language.rawValue) \(name)\n\(kiosk.view(state, width: 80, height: 24).text)\n"
            }
        }
        try Golden.check(text, file: "recipe.txt")
    }
}
