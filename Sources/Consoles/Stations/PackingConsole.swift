import FactoryCore

extension KioskApp {
    /// The packing station: the line scale's live weight and one key to pack.
    func servePacking(as actor: Actor) throws {
        let station = try PackingStation.find(services, device: options.device, operator: actor, printer: options.printer)
        let feed = ReadingFeed(storage: services.configuration.storage, device: station.scale.code)
        let window = Double(services.configuration.iotAcceptWindowSeconds)
        let state = PackingKiosk.State(user: actor.username, session: station.title, now: services.clock.now())
        try serve({ PackingKiosk(chrome: $0, window: window) }, state, events: {
            feed.due() ? [.reading(station.latest(), now: self.services.clock.now())] : []
        }) { effect in
            switch effect {
            case .logout: .leave
            case .switchLanguage: .switchLanguage
            case .pack: .stay(station.pack(by: actor))
            case .packManual(let metres, let reason): .stay(station.pack(by: actor, manual: (metres, reason)))
            case .reprint(let id): .stay([station.print(id)])
            case .submitReview(let id, let reason): .stay([station.submitReview(id, reason: reason, by: actor)])
            }
        }
    }
}
