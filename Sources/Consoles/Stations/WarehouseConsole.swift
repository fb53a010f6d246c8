import FactoryCore

extension KioskApp {
    /// The storekeeper's station at a MAIN or SHOP scale.
    func serveWarehouse(as actor: Actor) throws {
        let desk = try WarehouseDesk.find(services, device: options.device, actor: actor)
        let feed = ReadingFeed(storage: services.configuration.storage, device: desk.scale.code)
        var state = WarehouseKiosk.State(user: actor.username, place: desk.place, operations: desk.operations, now: services.clock.now())
        state.reading = desk.latest()
        state.shipment = try desk.openShipment()
        try serve({ WarehouseKiosk(chrome: $0, window: Double(self.services.configuration.iotAcceptWindowSeconds)) }, state, events: {
            feed.due() ? [.reading(desk.latest(), now: self.services.clock.now())] : []
        }) { effect in
            switch effect {
            case .logout: .leave
            case .switchLanguage: .switchLanguage
            case .loadBatches(let operation, let material): .stay([desk.batches(operation, material: material)])
            case .loadTransfers: .stay([desk.transfers()])
            case .ship(let operation, let material, let batch, let shipment):
                .stay([desk.ship(operation, material: material, batchNo: batch, onto: shipment)])
            case .receive(let transfer, let line, let accept): .stay([desk.receive(transfer, line: line, acceptDifference: accept)])
            case .loadGrid: .stay([desk.grid()])
            case .count(let key, let weighed): .stay([desk.count(key, weighed: weighed)])
            }
        }
    }
}
