import Foundation
import FactoryCore

/// What a supervisor's board asks of the plant.
protocol BoardClient {
    func board() -> SessionBoardKiosk.Event
}

/// What a session's card asks of the plant: its facts, and the shop head's work on it.
protocol SessionClient {
    func card() -> SessionKiosk.Event
    func feed(scale: String, material: String, batch: String) -> SessionKiosk.Event
    func batches(material: String) -> SessionKiosk.Event
    func scrap(scale: String, tare: String, seal: String) -> SessionKiosk.Event
    func decide(_ decision: SessionKiosk.Decision, note: String, pin: String) -> SessionKiosk.Event
    func investigate() -> SessionKiosk.Event
}

/// The service calls of one signed-in supervisor: the board, a session's card, the inbox.
struct SupervisorDesk: BoardClient {
    let services: FactoryServices
    let actor: Actor
    let station: Station

    /// The board shows the sessions closed in the last day: a re-open starts from there.
    func board() -> SessionBoardKiosk.Event {
        answer {
            let since = services.clock.now().adding(seconds: -24 * 3600)
            let (board, waiting, alerts) = try services.database.read { db in
                (try SessionBoard.read(db, balance: services.balance, closedSince: since),
                 try ApprovalInbox.read(db, for: actor, engine: services.approvals).count,
                 try services.alerts.showing(db, to: actor.position))
            }
            return .board(board, waiting: waiting, alerts: alerts)
        }
    }

    var inbox: InboxDesk { InboxDesk(services: services, actor: actor, station: station) }

    func session(_ id: Session.ID) -> SessionDesk { SessionDesk(services: services, actor: actor, station: station, id: id) }
}

/// One session's card and the work on it, each change one transaction of FactoryCore.
struct SessionDesk: SessionClient {
    let services: FactoryServices
    let actor: Actor
    let station: Station
    let id: Session.ID

    func card() -> SessionKiosk.Event {
        answer {
            try services.database.read { db in
                .card(SessionKiosk.Card(session: try Session.load(db, id), preview: try services.balance.preview(db, by: actor, session: id),
                                        openGates: try services.gates.openGates(db, on: AuditObject("session", id)).map(\.gateType),
                                        recipeVersions: try services.sessions.recipeVersions(db, session: id)))
            }
        }
    }

    func feed(scale: String, material: String, batch: String) -> SessionKiosk.Event {
        answer {
            let result = try services.perform { db in
                try services.sessions.addInput(db, by: actor, session: id, StockService.WeighLine(material: material, batchNo: batch, device: scale))
            }
            return .fed(result.quantity, vtShare: result.vtShare, gateOpened: result.vtGate != nil)
        }
    }

    func batches(material: String) -> SessionKiosk.Event {
        answer { .batches(try services.database.read { try services.stock.batches($0, at: .shop, material: material) }.map(\.batchNo)) }
    }

    func scrap(scale: String, tare: String, seal: String) -> SessionKiosk.Event {
        answer {
            let tare = try TypedKilograms.parse(tare, field: "tare_kg")
            let seal = seal.trimmingCharacters(in: .whitespaces)
            return .scrapped(try services.perform { db in
                try services.balance.recordScrap(db, by: actor, session: id, device: scale, tare: tare, sealNo: seal.isEmpty ? nil : seal)
            })
        }
    }

    /// Signed by the PIN typed again, then one transaction.
    func decide(_ decision: SessionKiosk.Decision, note: String, pin: String) -> SessionKiosk.Event {
        answer {
            try station.confirmPIN(services, actor, pin: pin)
            try services.perform { db in
                switch decision {
                case .close: _ = try services.balance.close(db, by: actor, session: id)
                case .reopen: _ = try services.balance.requestReopen(db, by: actor, approvals: services.approvals, session: id, reason: note)
                case .pause: _ = try services.sessions.pause(db, by: actor, session: id, reason: note)
                case .resume: _ = try services.sessions.resume(db, by: actor, session: id)
                case .recipeChange(let version):
                    _ = try services.sessions.requestRecipeChange(db, by: actor, approvals: services.approvals, session: id, version: version, reason: note)
                }
            }
            return .decided(decision)
        }
    }

    func investigate() -> SessionKiosk.Event {
        answer { .investigation(try services.database.read { try services.balance.investigate($0, by: actor, session: id) }) }
    }
}

/// The pages every supervisor's console shares: the board, a session, the inbox.
enum SupervisorConsole {
    static func handle(_ effect: SessionBoardKiosk.Effect, _ client: some BoardClient) -> KioskApp.Handled<SessionBoardKiosk.Event> {
        switch effect {
        case .load: .stay([client.board()])
        case .start(let workcenter): .open(.start(workcenter: workcenter))
        case .open(let id): .open(.session(id))
        case .inbox: .open(.inbox)
        case .gates: .open(.gates)
        case .reports: .open(.reports)
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        }
    }

    static func handle(_ effect: SessionKiosk.Effect, _ client: some SessionClient, home: ConsolePage) -> KioskApp.Handled<SessionKiosk.Event> {
        switch effect {
        case .load: .stay([client.card()])
        case .feed(let scale, let material, let batch): .stay([client.feed(scale: scale, material: material, batch: batch)])
        case .batches(let material): .stay([client.batches(material: material)])
        case .scrap(let scale, let tare, let seal): .stay([client.scrap(scale: scale, tare: tare, seal: seal)])
        case .decide(let decision, let note, let pin): .stay([client.decide(decision, note: note, pin: pin)])
        case .investigate: .stay([client.investigate()])
        case .back: .open(home)
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        }
    }

    static func handle(_ effect: InboxKiosk.Effect, _ client: some InboxClient, home: ConsolePage) -> KioskApp.Handled<InboxKiosk.Event> {
        switch effect {
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        case .load: .stay([client.inbox()])
        case .decide(let id, let approve, let reason, let pin): .stay([client.decide(id, approve: approve, reason: reason, pin: pin)])
        case .home: .open(home)
        }
    }
}

extension KioskApp {
    /// Runs a page, reading it again when PostgreSQL announces a change of the board (on
    /// SQLite every two seconds) so that what others did shows.
    func servePage<K: Kiosk>(_ make: (Chrome) -> K, _ initial: K.State, reload: @escaping () -> K.Event,
                             _ handle: @escaping (K.Effect) -> Handled<K.Event>) throws -> ConsolePage? {
        let feed = BoardFeed(storage: services.configuration.storage, poll: .seconds(2))
        return try serve(make, initial, events: { feed.due() ? [reload()] : [] }, handle)
    }

    /// The pages a supervisor shares: the board, a session, the inbox. A console serves its own
    /// pages (the session form, the gates) itself; asked for one here, it goes home.
    func servePage(_ page: ConsolePage, desk: SupervisorDesk, home: ConsolePage, mode: SessionBoardKiosk.Mode,
                   canSteer: Bool) throws -> ConsolePage? {
        let user = desk.actor.username
        switch page {
        case .board:
            return try servePage({ SessionBoardKiosk(chrome: $0, mode: mode) }, SessionBoardKiosk.State(user: user), reload: desk.board) {
                SupervisorConsole.handle($0, desk)
            }
        case .inbox:
            let inbox = desk.inbox
            return try servePage({ InboxKiosk(chrome: $0, station: desk.station) }, InboxKiosk.State(user: user), reload: inbox.inbox) {
                SupervisorConsole.handle($0, inbox, home: home)
            }
        case .session(let id):
            let session = desk.session(id)
            let scales = try services.database.read { try Session.scales($0, id) }
            return try servePage({ SessionKiosk(chrome: $0) },
                                 SessionKiosk.State(user: user, canSteer: canSteer, shopScale: options.device ?? scales.shop ?? "",
                                                    lineScale: scales.line ?? ""),
                                 reload: session.card) { SupervisorConsole.handle($0, session, home: home) }
        case .start, .gates, .recipes, .reports:
            return home
        }
    }
}
