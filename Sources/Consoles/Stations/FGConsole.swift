import FactoryCore

/// What the FG console asks of the plant: its use cases, one call per effect.
protocol FGClient {
    func receive(_ scanned: String) -> FGScannerKiosk.Event
    func list() -> FGScannerKiosk.Event
}

extension FGDesk: FGClient {}

/// The FG storekeeper's console: one scan receives a roll.
enum FGConsole {
    static func handle(_ effect: FGScannerKiosk.Effect, _ client: some FGClient) -> KioskApp.Handled<FGScannerKiosk.Event> {
        switch effect {
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        case .receive(let scanned): .stay([client.receive(scanned)])
        case .loadList: .stay([client.list()])
        }
    }
}

extension KioskApp {
    func serveFG(as actor: Actor) throws {
        let desk = FGDesk(services: services, actor: actor)
        try serve({ FGScannerKiosk(chrome: $0) }, FGScannerKiosk.State(user: actor.username)) { FGConsole.handle($0, desk) }
    }
}
