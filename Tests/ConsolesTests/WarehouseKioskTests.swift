import Consoles
import FactoryCore
import Foundation
import Testing

/// The storekeeper's wizard: what its keys do at MAIN and at SHOP, and its golden screens in
/// Uzbek and Russian.
@Suite struct WarehouseKioskTests {
    static func kiosk(_ language: Locales.Language = .uz) throws -> WarehouseKiosk {
        return WarehouseKiosk(chrome: try CatalogueTests.chrome(language), window: 10)
    }

    static let now = Timestamp(microsecondsSinceEpoch: 1_795_000_000_000_000)
    static func atMain() -> WarehouseKiosk.State {
        var state = WarehouseKiosk.State(user: "main.ombor", place: "MAIN · scale-MAIN-01", operations: [.ship, .receive], now: now)
        state.reading = LiveWeight(gross: Grams(25_000), stable: true, at: now.adding(seconds: -1))
        return state
    }

    static func run(_ kiosk: WarehouseKiosk, _ state: WarehouseKiosk.State, _ inputs: [KeyInput]) -> (WarehouseKiosk.State, [WarehouseKiosk.Effect]) {
        inputs.reduce((state, [])) { sofar, input in
            let (next, more) = kiosk.update(sofar.0, .input(input))
            return (next, sofar.1 + more)
        }
    }

    static let batches = [WarehouseKiosk.Batch(batchNo: "B-2026-001", available: "400.000"), .init(batchNo: "B-2026-007", available: "1000.000")]
    static let line = WarehouseKiosk.Line(transferID: "t-1", lineID: "l-1", material: "PVD-PE", batchNo: "B-2026-001", weight: "25.000")
    static let opened = WarehouseKiosk.Shipment(transferID: "t-1", lines: 1, total: "25.000")

    @Test func shippingAsksTheMaterialOffersItsOldestBatchAndF2WeighsTheLine() throws {
        let kiosk = try Self.kiosk()
        let (asking, _) = Self.run(kiosk, Self.atMain(), [.key(.named("Enter"))])
        #expect(asking.page == .material(.ship))
        let (loading, effects) = Self.run(kiosk, asking, "PVD-PE".map { .key(.character($0)) } + [.key(.named("Enter"))])
        #expect(effects == [.loadBatches(.ship, material: "PVD-PE")])
        let listed = kiosk.update(loading, .batches(.ship, material: "PVD-PE", Self.batches)).0
        #expect(listed.selected == 0, "FIFO: the oldest batch is the one chosen")
        #expect(Self.run(kiosk, listed, [.key(.named("F2"))]).1 == [.ship(.ship, material: "PVD-PE", batchNo: "B-2026-001", onto: nil)])
        let (other, more) = Self.run(kiosk, listed, [.key(.named("Down")), .key(.named("Down")), .key(.named("F2"))])
        #expect(more == [.ship(.ship, material: "PVD-PE", batchNo: "B-2026-007", onto: nil)], "Down moves, and stops at the last batch")
        let shipped = kiosk.update(other, .shipped(.ship, Self.line, Self.opened)).0
        #expect(shipped.page == .material(.ship), "the next line starts from its material")
        #expect(shipped.outcome == .shipped(.ship, Self.line))
        #expect(shipped.shipment == Self.opened)
    }

    @Test func theNextLoadJoinsTheShipmentUnderWayUntilTheStorekeeperLeaves() throws {
        let kiosk = try Self.kiosk(.en)
        var state = Self.run(kiosk, Self.atMain(), [.key(.named("Enter"))]).0
        state = kiosk.update(state, .shipped(.ship, Self.line, Self.opened)).0
        state = kiosk.update(Self.run(kiosk, state, [.scan("MB-WHITE")]).0, .batches(.ship, material: "MB-WHITE", [.init(batchNo: "MB-77", available: "8.500")])).0
        let (weighing, effects) = Self.run(kiosk, state, [.key(.named("F2"))])
        #expect(effects == [.ship(.ship, material: "MB-WHITE", batchNo: "MB-77", onto: "t-1")], "the second load goes onto the same shipment")
        let two = kiosk.update(weighing, .shipped(.ship, .init(transferID: "t-1", lineID: "l-2", material: "MB-WHITE", batchNo: "MB-77", weight: "8.400"),
                                                  .init(transferID: "t-1", lines: 2, total: "33.400"))).0
        let screen = kiosk.view(two, width: 80, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(screen[1] == "  MAIN · scale-MAIN-01   Shipment t-1: 2 × · 33.400 kg")
        let left = Self.run(kiosk, two, [.key(.named("Esc"))]).0
        #expect(left.shipment == nil, "leaving the page closes the shipment on this screen")
        let again = kiosk.update(Self.run(kiosk, left, [.key(.named("Enter")), .scan("PVD-PE")]).0, .batches(.ship, material: "PVD-PE", Self.batches)).0
        #expect(Self.run(kiosk, again, [.key(.named("F2"))]).1 == [.ship(.ship, material: "PVD-PE", batchNo: "B-2026-001", onto: nil)])
    }

    @Test func aScannedMaterialLabelAnswersTheQuestion() throws {
        let kiosk = try Self.kiosk()
        let asking = Self.run(kiosk, Self.atMain(), [.key(.named("Enter"))]).0
        #expect(Self.run(kiosk, asking, [.scan("PVD-PE")]).1 == [.loadBatches(.ship, material: "PVD-PE")])
        #expect(Self.run(kiosk, Self.atMain(), [.scan("PVD-PE")]).1.isEmpty, "the menu ignores scans")
    }

    @Test func receivingListsWhatIsOnItsWayAndReloadsAfterEachLine() throws {
        let kiosk = try Self.kiosk()
        let (loading, effects) = Self.run(kiosk, Self.atMain(), [.key(.named("Down")), .key(.named("Enter"))])
        #expect(effects == [.loadTransfers])
        let listed = kiosk.update(loading, .transfers([Self.line])).0
        #expect(Self.run(kiosk, listed, [.key(.named("F2"))]).1 == [.receive(transferID: "t-1", lineID: "l-1", acceptDifference: false)],
                "the chosen line, not the whole shipment")
        let (done, reload) = kiosk.update(listed, .received(Self.line, nil))
        #expect(reload == [.loadTransfers])
        #expect(done.outcome == .received(Self.line, nil))
        #expect(Self.run(kiosk, done, [.key(.named("Esc"))]).0.page == .menu)
    }

    static let far = WarehouseKiosk.Difference(sent: "25.000", received: "22.000", difference: "−3.000", percent: "−12.0", limit: "2", beyond: true)

    /// B17: a load far from what was sent is not booked until the storekeeper accepts it;
    /// Esc leaves it unbooked on the same list, to be weighed again.
    @Test func aLargeDifferenceIsConfirmedBeforeItIsBooked() throws {
        let kiosk = try Self.kiosk(.en)
        let listed = kiosk.update(Self.run(kiosk, Self.atMain(), [.key(.named("Down")), .key(.named("Enter"))]).0, .transfers([Self.line])).0
        let asking = kiosk.update(Self.run(kiosk, listed, [.key(.named("F2"))]).0, .differs(Self.line, Self.far)).0
        let screen = kiosk.view(asking, width: 80, height: 24)
        let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[20] == " ! Weight differs from what was sent: PVD-PE B-2026-001 · sent 25.000 kg ·")
        #expect(lines[21] == "   −3.000 kg (−12.0 %, limit 2 %). Enter: accept this weight, the shop head is")
        #expect(lines[22] == "   told · Esc: weigh again")
        #expect(screen.styles(row: 20).allSatisfy { $0 == "W" }, "a difference is a warning, never green")
        #expect(Self.run(kiosk, asking, [.key(.named("Enter"))]).1 == [.receive(transferID: "t-1", lineID: "l-1", acceptDifference: true)])
        let dismissed = Self.run(kiosk, asking, [.key(.named("Esc"))]).0
        #expect(dismissed.outcome == .none)
        #expect(dismissed.page == .transfers([Self.line]), "still on the list, nothing booked")
        let accepted = kiosk.update(asking, .received(Self.line, Self.far)).0
        #expect(kiosk.view(accepted, width: 80, height: 24).styles(row: 20).allSatisfy { $0 == "W" }, "an accepted difference stays yellow")
    }

    static let counts = [WarehouseKiosk.Count(material: "PVD-PE", batchNo: "B-2026-001", book: "125.000"),
                         .init(material: "MB-WHITE", batchNo: "MB-77", book: "8.500"),
                         .init(material: "PVD-PE", batchNo: "B-2026-001", book: "40.000", session: "s-1", line: "E1 · P-E1-1"),
                         .init(material: "MB-WHITE", batchNo: "MB-77", book: "2.000", session: "s-1", line: "E1 · P-E1-1")]

    @Test func theShiftCountWeighsTheChosenBatchAndShowsTheDifference() throws {
        let kiosk = try Self.kiosk()
        let shop = WarehouseKiosk.State(user: "shop.op", place: "SHOP · scale-SHOP-01", operations: [.receive, .returnToMain, .snapshot], now: Self.now)
        let (loading, effects) = Self.run(kiosk, shop, [.key(.named("Down")), .key(.named("Down")), .key(.named("Enter"))])
        #expect(effects == [.loadGrid])
        let grid = kiosk.update(loading, .grid(Self.counts)).0
        let (weighing, count) = Self.run(kiosk, grid, [.key(.named("Down")), .key(.named("F2"))])
        #expect(count == [.count(.init(material: "MB-WHITE", batchNo: "MB-77"), weighed: true)])
        let done = kiosk.update(weighing, .counted(.init(material: "MB-WHITE", batchNo: "MB-77"), counted: "8.200", variance: "-0.300")).0
        #expect(done.page == .grid([Self.counts[0], .init(material: "MB-WHITE", batchNo: "MB-77", book: "8.500", counted: "8.200", variance: "-0.300")]
                                   + Self.counts[2...]), "the store's batch is counted, the same batch at the line is not")
        #expect(done.outcome == .counted(.init(material: "MB-WHITE", batchNo: "MB-77", book: "8.500", counted: "8.200", variance: "-0.300")))
    }

    @Test func aLinesBatchIsCountedAsItsSessionsWIPAndNothingLeftIsAskedBeforeItIsWritten() throws {
        let kiosk = try Self.kiosk(.en)
        let shop = WarehouseKiosk.State(user: "shop.op", place: "SHOP · scale-SHOP-01", operations: [.snapshot], now: Self.now)
        let grid = kiosk.update(Self.run(kiosk, shop, [.key(.named("Enter"))]).0, .grid(Self.counts)).0
        let screen = kiosk.view(grid, width: 80, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(screen[14] == "    E1 · P-E1-1 PVD-PE    B-2026-001    fed 40.000            · WIP")
        #expect(screen[15] == "                MB-WHITE  MB-77          fed 2.000            · WIP", "the line is named once")
        #expect(screen[23].contains("F12 None left"))
        let key = WarehouseKiosk.CountKey(material: "PVD-PE", batchNo: "B-2026-001", session: "s-1")
        let (weighing, weigh) = Self.run(kiosk, grid, [.key(.named("Down")), .key(.named("Down")), .key(.named("F2"))])
        #expect(weigh == [.count(key, weighed: true)])
        let done = kiosk.update(weighing, .counted(key, counted: "12.300", variance: nil)).0
        #expect(done.page == .grid(Array(Self.counts[...1]) + [.init(material: "PVD-PE", batchNo: "B-2026-001", book: "40.000", session: "s-1",
                                                                     line: "E1 · P-E1-1", counted: "12.300")] + Self.counts[3...]))
        #expect(kiosk.view(done, width: 80, height: 24).text.contains(" ✔ Counted: E1 · P-E1-1 · PVD-PE B-2026-001 12.300 kg"))
        let (asking, nothingYet) = Self.run(kiosk, done, [.key(.named("Down")), .key(.named("F12"))])
        #expect(nothingYet.isEmpty, "a write-off is asked before it is written")
        #expect(asking.outcome == .confirmNothingLeft(Self.counts[3]))
        #expect(kiosk.view(asking, width: 80, height: 24).text.contains(
            " ! Nothing left: E1 · P-E1-1 · MB-WHITE MB-77 · fed 2.000 kg → 0 kg."))
        #expect(Self.run(kiosk, asking, [.key(.named("Esc"))]).0.page == asking.page, "Esc keeps the grid and writes nothing")
        #expect(Self.run(kiosk, asking, [.key(.named("Esc"))]).1.isEmpty)
        let (_, nothing) = Self.run(kiosk, asking, [.key(.named("Enter"))])
        #expect(nothing == [.count(.init(material: "MB-WHITE", batchNo: "MB-77", session: "s-1"), weighed: false)])
        #expect(Self.run(kiosk, shop, [.key(.named("F12"))]).1.isEmpty, "nothing to count outside the grid")
    }

    @Test func aDeliveryIsTakenIntoMainBagByBagUnderTheBatchOnItsLabel() throws {
        let kiosk = try Self.kiosk(.en)
        var main = Self.atMain()
        main.operations.append(.intake)
        let (asking, _) = Self.run(kiosk, main, [.key(.named("Down")), .key(.named("Down")), .key(.named("Enter"))])
        #expect(asking.page == .material(.intake))
        let delivery = Self.run(kiosk, asking, [.scan("PVD-PE")]).0
        #expect(delivery.page == .delivery(material: "PVD-PE"), "the material's label opens the delivery, no batches asked")
        #expect(Self.run(kiosk, delivery, [.key(.named("F2"))]).0.notice == Notice("kiosk.warehouse.batch_first"))
        let (labelled, effects) = Self.run(kiosk, delivery, [.scan("SUP-8841"), .key(.named("F2"))])
        #expect(effects == [.intake(material: "PVD-PE", batchNo: "SUP-8841")])
        let taken = kiosk.update(labelled, .taken(.init(transferID: "", material: "PVD-PE", batchNo: "SUP-8841", weight: "25.000"))).0
        #expect(taken.outcome == .shipped(.intake, .init(transferID: "", material: "PVD-PE", batchNo: "SUP-8841", weight: "25.000")))
        #expect(Self.run(kiosk, taken, [.key(.named("F2"))]).1 == [.intake(material: "PVD-PE", batchNo: "SUP-8841")],
                "the next bag goes under the same batch with one key")
        let typed = Self.run(kiosk, asking, "TALK".map { .key(.character($0)) } + [.key(.named("Enter"))]).0
        #expect(typed.page == .delivery(material: "TALK"))
    }

    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = try Self.kiosk(language)
            let menu = Self.atMain()
            let material = Self.run(kiosk, menu, [.key(.named("Enter"))] + "PVD".map { .key(.character($0)) }).0
            let batches = kiosk.update(Self.run(kiosk, material, [.key(.named("Enter"))]).0, .batches(.ship, material: "PVD-PE", Self.batches)).0
            let none = kiosk.update(batches, .batches(.ship, material: "PVD-PE", [])).0
            let shipped = kiosk.update(Self.run(kiosk, batches, [.key(.named("F2"))]).0, .shipped(.ship, Self.line, Self.opened)).0
            let refused = kiosk.update(Self.run(kiosk, batches, [.key(.named("F2"))]).0, .refused(Failure(
                FactoryError.gate(.calibrationExpired, "scale scale-MAIN-01 is out of calibration; weighing is blocked")))).0
            var shop = WarehouseKiosk.State(user: "shop.op", place: "SHOP · scale-SHOP-01", operations: [.receive, .returnToMain], now: Self.now)
            shop.reading = LiveWeight(gross: Grams(24_950), stable: false, at: Self.now.adding(seconds: -40))
            let transfers = kiosk.update(Self.run(kiosk, shop, [.key(.named("Enter"))]).0, .transfers([Self.line])).0
            let received = kiosk.update(transfers, .received(.init(transferID: "t-1", material: "PVD-PE", batchNo: "B-2026-001", weight: "24.950"),
                                                             .init(sent: "25.000", received: "24.950", difference: "−0.050", percent: "−0.2",
                                                                   limit: "2", beyond: false))).0
            let differs = kiosk.update(Self.run(kiosk, transfers, [.key(.named("F2"))]).0, .differs(Self.line, Self.far)).0
            let empty = kiosk.update(received, .transfers([])).0
            shop.operations.append(.snapshot)
            let grid = kiosk.update(Self.run(kiosk, shop, [.key(.named("Down")), .key(.named("Down")), .key(.named("Enter"))]).0, .grid(Self.counts)).0
            let counted = kiosk.update(Self.run(kiosk, grid, [.key(.named("F2"))]).0,
                                       .counted(.init(material: "PVD-PE", batchNo: "B-2026-001"), counted: "124.600", variance: "-0.400")).0
            let writeOff = Self.run(kiosk, grid, [.key(.named("Down")), .key(.named("F12"))]).0
            var withIntake = menu
            withIntake.operations.append(.intake)
            let delivery = Self.run(kiosk, withIntake, [.key(.named("Down")), .key(.named("Down")), .key(.named("Enter")), .scan("PVD-PE"), .scan("SUP-8841")]).0
            let taken = kiosk.update(Self.run(kiosk, delivery, [.key(.named("F2"))]).0,
                                     .taken(.init(transferID: "", material: "PVD-PE", batchNo: "SUP-8841", weight: "25.000"))).0
            for (name, state) in [("menu", menu), ("material", material), ("batches", batches), ("no batches", none), ("shipped", shipped),
                                  ("delivery", delivery), ("delivery bag taken", taken),
                                  ("calibration expired", refused), ("shop menu, gateway offline", shop), ("in transit", transfers),
                                  ("received", received), ("difference to confirm", differs), ("nothing in transit", empty), ("shift count", grid), ("counted", counted), ("write-off to confirm", writeOff)] {
                text += "== \(language.rawValue) \(name)\n" + kiosk.view(state, width: 80, height: 24).text + "\n"
            }
        }
        try Golden.check(text, file: "warehouse.txt")
    }
}
