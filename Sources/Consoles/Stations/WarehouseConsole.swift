import FactoryCore

/// What the storekeeper's console asks of the plant: its use cases, one call per effect.
protocol WarehouseClient {
    func batches(_ operation: WarehouseKiosk.Operation, material: String) -> WarehouseKiosk.Event
    func transfers() -> WarehouseKiosk.Event
    func ship(_ operation: WarehouseKiosk.Operation, material: String, batchNo: String, onto shipment: String?) -> WarehouseKiosk.Event
    func receive(_ transferID: String, line lineID: String, acceptDifference: Bool) -> WarehouseKiosk.Event
    func grid() -> WarehouseKiosk.Event
    func count(_ key: WarehouseKiosk.CountKey, weighed: Bool) -> WarehouseKiosk.Event
    func intake(material: String, batchNo: String) -> WarehouseKiosk.Event
}

extension WarehouseDesk: WarehouseClient {}

/// The storekeeper's console at a MAIN or SHOP scale.
enum WarehouseConsole {
    static func handle(_ effect: WarehouseKiosk.Effect, _ client: some WarehouseClient) -> KioskApp.Handled<WarehouseKiosk.Event> {
        switch effect {
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        case .loadBatches(let operation, let material): .stay([client.batches(operation, material: material)])
        case .loadTransfers: .stay([client.transfers()])
        case .ship(let operation, let material, let batch, let shipment):
            .stay([client.ship(operation, material: material, batchNo: batch, onto: shipment)])
        case .receive(let transfer, let line, let accept): .stay([client.receive(transfer, line: line, acceptDifference: accept)])
        case .loadGrid: .stay([client.grid()])
        case .count(let key, let weighed): .stay([client.count(key, weighed: weighed)])
        case .intake(let material, let batch): .stay([client.intake(material: material, batchNo: batch)])
        }
    }
}

extension KioskApp {
    func serveWarehouse(as actor: Actor) throws {
        let desk = try WarehouseDesk.find(services, device: options.device, actor: actor)
        let feed = ReadingFeed(storage: services.configuration.storage, device: desk.scale.code)
        var state = WarehouseKiosk.State(user: actor.username, place: desk.place, operations: desk.operations, now: services.clock.now())
        state.reading = desk.latest()
        state.shipment = try desk.openShipment()
        try serve({ WarehouseKiosk(chrome: $0, window: Double(self.services.configuration.iotAcceptWindowSeconds)) }, state, events: {
            feed.due() ? [.reading(desk.latest(), now: self.services.clock.now())] : []
        }) { WarehouseConsole.handle($0, desk) }
    }
}
