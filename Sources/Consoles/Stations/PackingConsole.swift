import FactoryCore

/// What the packing console asks of the plant: its use cases, one call per effect.
protocol PackingClient {
    /// Packs the roll on the scale, with the typed length and its reason when the switch is on Manual.
    func pack(manual: (metres: String, reason: String)?) -> [PackingKiosk.Event]
    func print(_ packageID: String) -> PackingKiosk.Event
    func submitReview(_ packageID: String, reason: String) -> PackingKiosk.Event
}

extension PackingStation: PackingClient {}

/// The packing console: the line scale's live weight and one key to pack.
enum PackingConsole {
    static func handle(_ effect: PackingKiosk.Effect, _ client: some PackingClient) -> KioskApp.Handled<PackingKiosk.Event> {
        switch effect {
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        case .pack: .stay(client.pack(manual: nil))
        case .packManual(let metres, let reason): .stay(client.pack(manual: (metres, reason)))
        case .reprint(let id): .stay([client.print(id)])
        case .submitReview(let id, let reason): .stay([client.submitReview(id, reason: reason)])
        }
    }
}

extension KioskApp {
    func servePacking(as actor: Actor) throws {
        let station = try PackingStation.find(services, device: options.device, operator: actor, printer: options.printer)
        let feed = ReadingFeed(storage: services.configuration.storage, device: station.scale.code)
        let window = Double(services.configuration.iotAcceptWindowSeconds)
        let state = PackingKiosk.State(user: actor.username, session: station.title, now: services.clock.now())
        try serve({ PackingKiosk(chrome: $0, window: window) }, state, events: {
            feed.due() ? [.reading(station.latest(), now: self.services.clock.now())] : []
        }) { PackingConsole.handle($0, station) }
    }
}
