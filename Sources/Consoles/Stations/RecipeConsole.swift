import FactoryCore

/// What the technologist's recipes page asks of the plant.
protocol RecipeClient {
    func skus() -> RecipeKiosk.Event
    func open(sku: String) -> RecipeKiosk.Event
    func save(sku: String, vtLimit: String, rows: [RecipeKiosk.Row]) -> RecipeKiosk.Event
    func publish(sku: String, pin: String) -> RecipeKiosk.Event
}

/// The recipes page's service calls: a draft is saved in one transaction; publishing is a
/// decision, signed by the PIN typed again.
struct RecipeDesk: RecipeClient {
    let services: FactoryServices
    let actor: Actor
    let station: Station

    func skus() -> RecipeKiosk.Event {
        answer {
            .skus(try services.database.read { db in
                try services.recipes.skus(db).map { sku in
                    let recipes = try services.recipes.recipes(db, sku: sku)
                    return RecipeKiosk.Summary(sku: sku, published: recipes.first { $0.status == .published }?.version,
                                               draft: recipes.first { $0.status == .draft }?.version)
                }
            })
        }
    }

    func open(sku: String) -> RecipeKiosk.Event {
        answer { .recipes(sku: sku, try services.database.read { try services.recipes.recipes($0, sku: sku) }) }
    }

    func save(sku: String, vtLimit: String, rows: [RecipeKiosk.Row]) -> RecipeKiosk.Event {
        answer {
            let limit = vtLimit.isEmpty ? nil : try TypedKilograms.percent(vtLimit, field: "vt_limit_pct")
            let lines = try rows.map { (material: $0.material, ratio: Optional(try TypedKilograms.percent($0.share, field: "ratio_pct"))) }
            return .saved(try services.perform { try services.recipes.saveDraft($0, by: actor, sku: sku, vtLimit: limit, lines: lines) })
        }
    }

    func publish(sku: String, pin: String) -> RecipeKiosk.Event {
        answer {
            try station.confirmPIN(services, actor, pin: pin)
            return .published(try services.perform { try services.recipes.publish($0, by: actor, sku: sku) })
        }
    }
}

/// The technologist's recipes page in a console.
enum RecipePage {
    static func handle(_ effect: RecipeKiosk.Effect, _ client: some RecipeClient, home: ConsolePage) -> KioskApp.Handled<RecipeKiosk.Event> {
        switch effect {
        case .load: .stay([client.skus()])
        case .open(let sku): .stay([client.open(sku: sku)])
        case .save(let sku, let limit, let rows): .stay([client.save(sku: sku, vtLimit: limit, rows: rows)])
        case .publish(let sku, let pin): .stay([client.publish(sku: sku, pin: pin)])
        case .back: .open(home)
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        }
    }
}

extension KioskApp {
    func serveRecipes(as actor: Actor, home: ConsolePage) throws -> ConsolePage? {
        let desk = RecipeDesk(services: services, actor: actor, station: .technologist)
        var state = RecipeKiosk.State(user: actor.username)
        state = RecipeKiosk(chrome: try chrome()).update(state, desk.skus()).0
        return try serve({ RecipeKiosk(chrome: $0) }, state) { RecipePage.handle($0, desk, home: home) }
    }
}
