import FactoryCore

/// What the technologist's gates page asks of the plant.
protocol GatesClient {
    func gates() -> GatesKiosk.Event
    func release(_ gate: GateRecord.ID, note: String, pin: String) -> GatesKiosk.Event
    func degassing(_ target: String, pin: String) -> GatesKiosk.Event
}

/// The gates page's service calls for one signed-in supervisor (the technologist, the shop head).
struct GatesDesk: GatesClient {
    let services: FactoryServices
    let actor: Actor
    let station: Station

    func gates() -> GatesKiosk.Event {
        answer {
            let (items, alerts) = try services.database.read { db in
                (try services.gates.releasable(db, by: actor), try services.alerts.showing(db, to: actor.position))
            }
            return .items(items, alerts: alerts)
        }
    }

    /// Through FactoryCore's one release: a VT pause resumes its session, a roll's hold is lifted
    /// with its gate. Signed by the PIN typed again.
    func release(_ gate: GateRecord.ID, note: String, pin: String) -> GatesKiosk.Event {
        answer {
            try station.confirmPIN(services, actor, pin: pin)
            let about = try services.perform { db -> String in
                let held = try services.gates.held(db, try services.gates.find(db, gate))
                _ = try services.releaseGate(db, by: actor, gate: gate, note: note)
                return held.about
            }
            return .released(about)
        }
    }

    /// A package's label marks that package; anything else is taken for a lot.
    func degassing(_ target: String, pin: String) -> GatesKiosk.Event {
        answer {
            try station.confirmPIN(services, actor, pin: pin)
            if QRCode(scanned: target) != nil {
                let package = try services.perform { try services.finishedGoods.setDegassingDone($0, by: actor, qrCode: target) }
                return .degassed(package.qrCode, count: 1)
            }
            let packages = try services.perform { try services.finishedGoods.setDegassingDone($0, by: actor, lot: target) }
            return .degassed(target, count: packages.count)
        }
    }
}

/// The gates page of a console: the technologist's home, the shop head's holds and gates.
enum GatesPage {
    static func handle(_ effect: GatesKiosk.Effect, _ client: some GatesClient, home: ConsolePage) -> KioskApp.Handled<GatesKiosk.Event> {
        switch effect {
        case .load: .stay([client.gates()])
        case .release(let gate, let note, let pin): .stay([client.release(gate, note: note, pin: pin)])
        case .degassing(let target, let pin): .stay([client.degassing(target, pin: pin)])
        case .inbox: .open(.inbox)
        case .recipes: .open(.recipes)
        case .back: home == .gates ? .stay([]) : .open(home)
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        }
    }
}

extension KioskApp {
    /// The technologist's console: the open gates with degassing done, the recipes, the inbox (a
    /// re-open's second step, live recipe changes), the board of sessions worst delta first.
    func serveTechnologist(as actor: Actor) throws {
        let desk = SupervisorDesk(services: services, actor: actor, station: .technologist)
        try run(console: .gates) { page in
            switch page {
            case .gates: return try serveGates(as: actor, station: .technologist, home: .gates)
            case .recipes: return try serveRecipes(as: actor, home: .gates)
            case .reports: return try serveReports(as: actor, station: .technologist, home: .gates)
            default: return try servePage(page, desk: desk, home: .gates, mode: .worstFirst, canSteer: false)
            }
        }
    }

    func serveGates(as actor: Actor, station: Station, home: ConsolePage) throws -> ConsolePage? {
        let gates = GatesDesk(services: services, actor: actor, station: station)
        return try servePage({ GatesKiosk(chrome: $0, station: station) }, GatesKiosk.State(user: actor.username), reload: gates.gates) {
            GatesPage.handle($0, gates, home: home)
        }
    }
}
