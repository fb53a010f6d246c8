import FactoryCore

/// What the grinder console asks of the plant: its use cases, one call per effect.
protocol GrinderClient {
    func takeIn(order: String?, seal: String?, packageQR: String?, tare: String) -> ReworkKiosk.Event
    func takeOut(order: String, vtSKU: String) -> ReworkKiosk.Event
    func dispose(lot: String, tare: String, reason: String) -> ReworkKiosk.Event
}

extension ReworkDesk: GrinderClient {}

/// The grinder's console: containers in on the IN scale, VT out on the OUT scale.
enum GrinderConsole {
    static func handle(_ effect: ReworkKiosk.Effect, _ client: some GrinderClient) -> KioskApp.Handled<ReworkKiosk.Event> {
        switch effect {
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        case .takeIn(let order, let seal, let qr, let tare): .stay([client.takeIn(order: order, seal: seal, packageQR: qr, tare: tare)])
        case .takeOut(let order, let sku): .stay([client.takeOut(order: order, vtSKU: sku)])
        case .dispose(let lot, let tare, let reason): .stay([client.dispose(lot: lot, tare: tare, reason: reason)])
        }
    }
}

extension KioskApp {
    func serveRework(as actor: Actor) throws {
        let desk = try ReworkDesk.find(services, device: options.device, outDevice: options.outDevice, actor: actor)
        let feeds = (in: ReadingFeed(storage: services.configuration.storage, device: desk.scale.code),
                     out: ReadingFeed(storage: services.configuration.storage, device: desk.outScale.code))
        let window = Double(services.configuration.iotAcceptWindowSeconds)
        var state = ReworkKiosk.State(user: actor.username, now: services.clock.now(), defaultVTSKU: desk.defaultVTSKU)
        state.reading = desk.latest(on: desk.scale)
        state.outReading = desk.latest(on: desk.outScale)
        state.order = try desk.openOrder()
        try serve({ ReworkKiosk(chrome: $0, window: window) }, state, events: {
            let now = self.services.clock.now()
            return (feeds.in.due() ? [.reading(desk.latest(on: desk.scale), now: now)] : [])
                + (feeds.out.due() ? [.outReading(desk.latest(on: desk.outScale), now: now)] : [])
        }) { GrinderConsole.handle($0, desk) }
    }
}
