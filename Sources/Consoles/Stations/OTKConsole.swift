import FactoryCore

/// What the OTK console asks of the plant: its use cases, one call per effect.
protocol OTKClient {
    func queue() -> QCQueueKiosk.Event
    func decide(_ packageID: String, _ decision: QCDecision, pin: String, okWeight: String?, finding: String?) -> QCQueueKiosk.Event
}

extension QCDesk: OTKClient {}

/// The OTK inspector's console: the queue, refreshed every two seconds, and sealed decisions.
enum OTKConsole {
    static func handle(_ effect: QCQueueKiosk.Effect, _ client: some OTKClient) -> KioskApp.Handled<QCQueueKiosk.Event> {
        switch effect {
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        case .loadQueue: .stay([client.queue()])
        case .decide(let id, let decision, let pin, let okWeight, let finding):
            .stay([client.decide(id, decision, pin: pin, okWeight: okWeight, finding: finding)])
        }
    }
}

extension KioskApp {
    func serveOTK(as actor: Actor) throws {
        let desk = QCDesk(services: services, actor: actor, printer: options.printer)
        var lastLoad = ContinuousClock.now - .seconds(10)
        try serve({ QCQueueKiosk(chrome: $0) }, QCQueueKiosk.State(user: actor.username), events: {
            guard ContinuousClock.now - lastLoad >= .seconds(2) else { return [] }
            lastLoad = ContinuousClock.now
            return [desk.queue()]
        }) { OTKConsole.handle($0, desk) }
    }
}
