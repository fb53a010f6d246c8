import FactoryCore
import FactoryTestSupport
import Foundation
import Logging
import HummingbirdTesting
import Server
import Testing

/// The DEV simulator behaves like a scale a person uses, and the server accepts what it signs.
@Suite struct ScaleSimulatorTests {
    @Test func aLoadSettlesIsHeldThenLeavesThePan() {
        var scale = ScaleSimulation(profile: .init(lightest: 29_700, heaviest: 30_300), seed: 7)
        let readings = (0..<120).map { _ in scale.tick() }
        #expect(readings.prefix(2).allSatisfy { $0.gross == .zero && $0.stable }, "it starts with an empty pan")
        // Every load: unstable readings first, then one weight held, stable, for at least 12 s.
        var index = 0, loads = 0
        while index < readings.count {
            guard readings[index].gross != .zero || !readings[index].stable else { index += 1; continue }
            var settling = 0
            while index < readings.count, !readings[index].stable { settling += 1; index += 1 }
            guard index < readings.count else { break }
            let held = readings[index].gross
            var holding = 0
            while index < readings.count, readings[index].stable, readings[index].gross == held { holding += 1; index += 1 }
            guard index < readings.count else { break }
            #expect((2...3).contains(settling))
            #expect(holding >= 12)
            #expect((29_700...30_300).contains(held.grams))
            #expect(readings[index].gross == .zero, "the load is lifted off before the next one")
            loads += 1
        }
        #expect(loads >= 3)
        var replay = ScaleSimulation(profile: .init(lightest: 29_700, heaviest: 30_300), seed: 7)
        #expect((0..<120).map { _ in replay.tick() } == readings, "a seed replays the same loads")
    }

    @Test(arguments: TestBackends.all)
    func simulatedReadingsArriveSignedFromEveryDevice(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        // Real seconds pass here: the server judges readings on the wall clock.
        harness.clock.set(Timestamp(Date()))
        let gateways = try ScaleSimulator.gateways(harness.floor.services, seed: 1)
        #expect(gateways.count == 6, "every UAT device gets a gateway")
        try await harness.run(live: true) { client in
            let port = try #require(client.inner.port)
            let simulator = ScaleSimulator(baseURL: "http://127.0.0.1:\(port)", bootID: 9, logger: Logger(label: "test"))
            try await simulator.run(gateways, seconds: 6)
        }
        let stored = try harness.floor.factory.db.read {
            try $0.queryOne("SELECT COUNT(*) AS n, COUNT(DISTINCT device_id) AS d, MIN(boot_id) AS b FROM scale_events")
        }
        #expect(try stored?.int("n") == 36)
        #expect(try stored?.int("d") == 6)
        #expect(try stored?.int("b") == 9)
        let stable = try harness.floor.factory.db.read {
            try $0.queryOne("SELECT COUNT(*) AS n FROM scale_events WHERE stable_bool = ? AND gross_g > 0", true)?.int("n")
        }
        #expect((stable ?? 0) > 0, "within six seconds some load was held stable")
    }
}
