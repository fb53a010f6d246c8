import FactoryCore
import Foundation

/// What the integrator's console asks of the plant.
protocol IntegratorClient {
    func load() -> IntegratorKiosk.Event
    func retry(id: String) -> IntegratorKiosk.Event
    func pull() -> IntegratorKiosk.Event
    func relink(mappingID: String, username: String) -> IntegratorKiosk.Event
}

/// The integrator console's service calls: each change one transaction through the
/// integration queue or mapping, which check the permission and audit it. The sending itself
/// is the server's worker's: a retried or pulled item goes when the worker next looks.
struct IntegratorDesk: IntegratorClient {
    let services: FactoryServices
    let actor: Actor

    func desk(_ db: any SQLConnection) throws -> IntegratorKiosk.Desk {
        IntegratorKiosk.Desk(queue: try services.integrationQueue.list(db, status: nil, page: try Page(number: 1, size: 100)),
                             employees: try services.integrationMapping.list(db, entity: .user, page: try Page(number: 1, size: 200)),
                             now: services.clock.now(), alerts: try services.alerts.showing(db, to: actor.position))
    }

    func load() -> IntegratorKiosk.Event {
        answer { .loaded(try services.database.read(desk)) }
    }

    func retry(id: String) -> IntegratorKiosk.Event {
        answer {
            try services.perform { db in
                let entry = try services.integrationQueue.retry(db, by: actor, id: id)
                return .done(.retried(entry.entity), try desk(db))
            }
        }
    }

    func pull() -> IntegratorKiosk.Event {
        answer {
            try services.perform { db in
                for entity in [IntegrationEntity.user, .order, .attendance] {
                    _ = try services.integrationQueue.requestPull(db, by: .user(actor), entity: entity, since: nil)
                }
                return .done(.pulled, try desk(db))
            }
        }
    }

    func relink(mappingID: String, username: String) -> IntegratorKiosk.Event {
        answer {
            try services.perform { db in
                let entry = try services.integrationMapping.relink(db, by: actor, id: mappingID, username: username)
                return .done(.relinked(externalID: entry.externalID, username: username), try desk(db))
            }
        }
    }
}

/// The integrator console's effects.
enum IntegratorPage {
    static func handle(_ effect: IntegratorKiosk.Effect, _ client: some IntegratorClient) -> KioskApp.Handled<IntegratorKiosk.Event> {
        switch effect {
        case .load: .stay([client.load()])
        case .retry(let id): .stay([client.retry(id: id)])
        case .pull: .stay([client.pull()])
        case .relink(let mappingID, let username): .stay([client.relink(mappingID: mappingID, username: username)])
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        }
    }
}

extension KioskApp {
    func serveIntegrator(as actor: Actor) throws {
        let desk = IntegratorDesk(services: services, actor: actor)
        let state = IntegratorKiosk(chrome: try chrome()).update(IntegratorKiosk.State(user: actor.username), desk.load()).0
        try serve({ IntegratorKiosk(chrome: $0) }, state) { IntegratorPage.handle($0, desk) }
    }
}
