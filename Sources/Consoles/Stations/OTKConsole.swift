import FactoryCore

extension KioskApp {
    /// The OTK inspector's station: the queue, refreshed every two seconds, and sealed decisions.
    func serveOTK(as actor: Actor) throws {
        let desk = QCDesk(services: services, actor: actor, printer: options.printer)
        var lastLoad = ContinuousClock.now - .seconds(10)
        // The queue refreshes every two seconds.
        try serve({ QCQueueKiosk(chrome: $0) }, QCQueueKiosk.State(user: actor.username), events: {
            guard ContinuousClock.now - lastLoad >= .seconds(2) else { return [] }
            lastLoad = ContinuousClock.now
            return [desk.queue()]
        }) { effect in
            switch effect {
            case .logout: .leave
            case .switchLanguage: .switchLanguage
            case .loadQueue: .stay([desk.queue()])
            case .decide(let id, let decision, let pin, let okWeight, let finding):
                .stay([desk.decide(id, decision, pin: pin, okWeight: okWeight, finding: finding)])
            }
        }
    }
}
