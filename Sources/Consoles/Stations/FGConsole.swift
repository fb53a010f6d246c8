import FactoryCore

extension KioskApp {
    /// The FG storekeeper's station: one scan receives a roll.
    func serveFG(as actor: Actor) throws {
        let desk = FGDesk(services: services, actor: actor)
        try serve({ FGScannerKiosk(chrome: $0) }, FGScannerKiosk.State(user: actor.username)) { effect in
            switch effect {
            case .logout: .leave
            case .switchLanguage: .switchLanguage
            case .receive(let scanned): .stay([desk.receive(scanned)])
            case .loadList: .stay([desk.list()])
            }
        }
    }
}
