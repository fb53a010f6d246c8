import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Spec §9.2 "M1 RS–RS (blocked when calibration expired)" and the M2 return.
@Suite struct StockFlowTests {
    func onHand(_ floor: Floor, _ location: LocationKind) throws -> Grams {
        try floor.factory.db.read { try floor.services.stock.onHand($0, location, material: "PVD-PE", batch: "B-001") }
    }

    func receiveIntoMain(_ floor: Floor, _ grams: Int64) throws {
        try floor.weigh("scale-MAIN-01", grams)
        _ = try floor.services.perform { db in
            try floor.services.stock.receiveIntoMain(db, by: floor.storekeeper, .init(material: "PVD-PE", batchNo: "B-001", device: "scale-MAIN-01"))
        }
    }

    func ship(_ floor: Floor, _ direction: TransferDirection = .mainToShop, by actor: Actor? = nil, device: String = "scale-MAIN-01") throws -> Transfer {
        try floor.services.perform { db in
            try floor.services.stock.ship(db, by: actor ?? floor.storekeeper, direction: direction,
                                          lines: [.init(material: "PVD-PE", batchNo: "B-001", device: device)], comment: "E1 request")
        }
    }

    @Test(arguments: TestBackends.all)
    func m1ShipsOnTheMainScaleAndReceivesOnTheShopScale(backend: Backend) throws {
        let floor = try Floor(backend)
        try receiveIntoMain(floor, 500_000)
        #expect(try onHand(floor, .main) == Grams.kilograms(500))

        try floor.weigh("scale-MAIN-01", 120_000)
        let shipped = try ship(floor)
        #expect(shipped.status == .inTransit)
        #expect(shipped.lines.map(\.sent) == [Grams.kilograms(120)])
        #expect(try onHand(floor, .main) == Grams.kilograms(380))
        #expect(try onHand(floor, .shop) == .zero, "in transit is in neither store")

        try floor.weigh("scale-SHOP-01", 119_800)
        let received = try floor.factory.services.perform { db in
            try floor.services.stock.receive(db, by: floor.shopOperator, transfer: shipped.id, devices: ["*": "scale-SHOP-01"])
        }
        #expect(received.status == .completed)
        #expect(received.lines.first?.difference == Grams(-200))
        #expect(try onHand(floor, .shop) == Grams(119_800), "SHOP takes the SHOP scale's weight")

        try floor.weigh("scale-SHOP-01", 119_800)
        #expect {
            try floor.factory.services.perform { db in
                try floor.services.stock.receive(db, by: floor.shopOperator, transfer: shipped.id, devices: ["*": "scale-SHOP-01"])
            }
        } throws: { ($0 as? FactoryError)?.reason == "transfer_not_in_transit" }

        let journal = try floor.factory.db.read { db in
            try db.query("SELECT type FROM stock_txn ORDER BY ts").map { try $0.string("type") }
        }
        #expect(journal == ["MAIN_RECEIVE", "MAIN_TO_SHOP", "SHOP_RECEIVE"])
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func shippingMoreThanMainHoldsIsRefusedAndNothingIsWritten(backend: Backend) throws {
        let floor = try Floor(backend)
        try receiveIntoMain(floor, 100_000)
        try floor.weigh("scale-MAIN-01", 150_000)
        let transfers = try floor.factory.count("stock_transfers")
        #expect {
            try ship(floor)
        } throws: { error in
            let e = error as? FactoryError
            return e?.reason == "insufficient_stock" && e?.details["available_kg"] == "100.000"
        }
        #expect(try floor.factory.count("stock_transfers") == transfers)
        #expect(try onHand(floor, .main) == Grams.kilograms(100))
        let bound = try floor.factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM scale_events WHERE bind_ref IS NOT NULL")?.int("n") }
        #expect(bound == 1, "only the receipt's reading is bound; the refused shipment's reading is free again")
    }

    @Test(arguments: TestBackends.all)
    func anExpiredMainScaleBlocksTheShipment(backend: Backend) throws {
        let floor = try Floor(backend)
        try receiveIntoMain(floor, 100_000)
        try floor.factory.db.write { try $0.execute("UPDATE devices SET calibration_due_at = ? WHERE code = 'scale-MAIN-01'", floor.factory.clock.now()) }
        try floor.weigh("scale-MAIN-01", 50_000)
        #expect {
            try ship(floor)
        } throws: { ($0 as? FactoryError)?.details["gate"] == "calibration_expired" }
        #expect(try floor.factory.count("stock_transfers") == 0)
        #expect(try floor.factory.count("gate_log") == 1)
        #expect(try onHand(floor, .main) == Grams.kilograms(100))
    }

    @Test(arguments: TestBackends.all)
    func onlyTheRightPeopleAndScalesMoveStock(backend: Backend) throws {
        let floor = try Floor(backend)
        try receiveIntoMain(floor, 100_000)
        try floor.weigh("scale-MAIN-01", 50_000)
        let operatorActor = try floor.factory.actor(.operator)
        #expect {
            try ship(floor, by: operatorActor)
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        try floor.weigh("scale-SHOP-01", 50_000)
        #expect {
            try ship(floor, device: "scale-SHOP-01")
        } throws: { ($0 as? FactoryError)?.reason == "wrong_location" }
    }

    @Test(arguments: TestBackends.all)
    func m2ReturnsSurplusFromShopToMain(backend: Backend) throws {
        let floor = try Floor(backend)
        try receiveIntoMain(floor, 200_000)
        try floor.weigh("scale-MAIN-01", 100_000)
        let out = try ship(floor)
        try floor.weigh("scale-SHOP-01", 100_000)
        _ = try floor.factory.services.perform { try floor.services.stock.receive($0, by: floor.shopOperator, transfer: out.id, devices: ["*": "scale-SHOP-01"]) }

        try floor.weigh("scale-SHOP-01", 30_000)
        let back = try ship(floor, .shopToMain, by: floor.shopOperator, device: "scale-SHOP-01")
        #expect(try onHand(floor, .shop) == Grams.kilograms(70))
        try floor.weigh("scale-MAIN-01", 30_050)
        _ = try floor.factory.services.perform { try floor.services.stock.receive($0, by: floor.storekeeper, transfer: back.id, devices: ["*": "scale-MAIN-01"]) }
        #expect(try onHand(floor, .main) == Grams(130_050))
    }
}

@Suite struct BatchSuggestionTests {
    @Test(arguments: TestBackends.all)
    func theOldestBatchesAreSuggestedFirst(backend: Backend) throws {
        let floor = try Floor(backend)
        for (batch, grams) in [("B-OLD", Int64(40_000)), ("B-NEW", 100_000)] {
            try floor.weigh("scale-MAIN-01", grams)
            _ = try floor.services.perform { db in
                try floor.services.stock.receiveIntoMain(db, by: floor.storekeeper, .init(material: "PVD-PE", batchNo: batch, device: "scale-MAIN-01"))
            }
            floor.factory.clock.advance(seconds: 3600)
        }
        let suggestion = try floor.factory.db.read { try floor.services.stock.suggestBatches($0, material: "PVD-PE", quantity: Grams(60_000)) }
        #expect(suggestion.map(\.batchNo) == ["B-OLD", "B-NEW"])
        #expect(suggestion.map(\.take) == [Grams(40_000), Grams(20_000)])
    }
}

extension StockFlowTests {
    /// One MAIN scale, two loads: the second is weighed onto the shipment the first opened, and
    /// SHOP's one scale takes them in one at a time; the shipment completes with the last.
    @Test(arguments: TestBackends.all)
    func aShipmentOfSeveralLoadsIsWeighedAndReceivedOneLineAtATime(backend: Backend) throws {
        let floor = try Floor(backend)
        try receiveIntoMain(floor, 500_000)
        try floor.weigh("scale-MAIN-01", 120_000)
        let first = try ship(floor)
        try floor.weigh("scale-MAIN-01", 0)
        try floor.weigh("scale-MAIN-01", 80_000)
        let both = try floor.services.perform { db in
            try floor.services.stock.addLine(db, by: floor.storekeeper, transfer: first.id,
                                             .init(material: "PVD-PE", batchNo: "B-001", device: "scale-MAIN-01"))
        }.transfer
        #expect(both.lines.map(\.sent.grams).sorted() == [80_000, 120_000])
        #expect(try onHand(floor, .main) == Grams.kilograms(300))

        func receive(_ line: Transfer.Line, kg grams: Int64) throws -> Transfer {
            try floor.weigh("scale-SHOP-01", grams)
            return try floor.services.perform { db in
                try floor.services.stock.receiveLine(db, by: floor.shopOperator, transfer: first.id, line: line.id, device: "scale-SHOP-01")
            }
        }
        let big = try #require(both.lines.first { $0.sent.grams == 120_000 })
        let small = try #require(both.lines.first { $0.sent.grams == 80_000 })
        let half = try receive(big, kg: 119_900)
        #expect(half.status == .inTransit, "one load is still to come")
        #expect(try onHand(floor, .shop) == Grams(119_900))
        #expect {
            try floor.services.perform { db in
                try floor.services.stock.addLine(db, by: floor.storekeeper, transfer: first.id,
                                                 .init(material: "PVD-PE", batchNo: "B-001", device: "scale-MAIN-01"))
            }
        } throws: { ($0 as? FactoryError)?.reason == "transfer_not_open" }
        try floor.weigh("scale-SHOP-01", 0)
        #expect { try receive(big, kg: 119_900) } throws: { ($0 as? FactoryError)?.reason == "line_already_received" }
        try floor.weigh("scale-SHOP-01", 0)
        let done = try receive(small, kg: 80_050)
        #expect(done.status == .completed)
        #expect(done.lines.compactMap(\.difference).map(\.grams).sorted() == [-100, 50])
        #expect(try onHand(floor, .shop) == Grams(199_950))
        let actions = try floor.factory.db.read { db in
            try db.query("SELECT action FROM audit_log WHERE object_type = 'transfer' ORDER BY seq").map { try $0.string("action") }
        }
        #expect(actions == ["stock.shipped", "stock.line_added", "stock.line_received", "stock.line_received", "stock.received"])
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }
}

extension StockFlowTests {
    /// B17: a load that weighs far from what was sent is not booked on a plain weigh; the
    /// receiver sees the difference and accepts it, and the shop head gets an alert. Within the
    /// limit nothing is asked.
    @Test(arguments: TestBackends.all)
    func aLargeDifferenceNeedsTheReceiversAcceptanceAndLeavesAnAlert(backend: Backend) throws {
        let floor = try Floor(backend)
        try receiveIntoMain(floor, 500_000)
        try floor.weigh("scale-MAIN-01", 25_000)
        let shipment = try ship(floor)
        let line = shipment.lines[0]
        try floor.weigh("scale-SHOP-01", 22_000)
        func receive(accept: Bool) throws -> Transfer {
            try floor.services.perform { db in
                try floor.services.stock.receiveLine(db, by: floor.shopOperator, transfer: shipment.id, line: line.id, device: "scale-SHOP-01",
                                                     acceptDifference: accept)
            }
        }
        var refusal: FactoryError?
        #expect { try receive(accept: false) } throws: { refusal = $0 as? FactoryError; return refusal?.reason == "transfer_difference" }
        #expect(refusal?.code == .businessConflict)
        #expect(refusal?.details["sent_kg"] == "25.000")
        #expect(refusal?.details["received_kg"] == "22.000")
        #expect(refusal?.details["difference_kg"] == "-3.000")
        #expect(refusal?.details["difference_pct"] == "-12.000")
        #expect(refusal?.details["limit_pct"] == "2.000")
        #expect(try onHand(floor, .shop) == .zero, "nothing was booked")
        let alertsBefore = try floor.factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM alerts")?.int("n") }
        #expect(alertsBefore == 0)

        let done = try receive(accept: true)
        #expect(done.status == .completed)
        #expect(try onHand(floor, .shop) == Grams(22_000), "SHOP stock takes the SHOP weight")
        let alert = try #require(try floor.factory.db.read { try $0.queryOne("SELECT severity, metric_code, value_milli, threshold_milli FROM alerts") })
        #expect(try alert.string("severity") == "P3")
        #expect(try alert.string("metric_code") == "transfer_difference_pct")
        #expect(try alert.int("value_milli") == 12_000)
        #expect(try alert.int("threshold_milli") == 2_000)
        let accepted = try floor.factory.db.read { db in
            try db.query("SELECT action FROM audit_log WHERE object_type = 'transfer' ORDER BY seq").map { try $0.string("action") }
        }
        #expect(accepted.contains("stock.difference_accepted"))
    }

    @Test func theDifferenceRuleIsSignedAndBothWays() {
        let less = TransferDifference(sent: Grams(25_000), received: Grams(22_000))
        #expect(less.difference == Grams(-3_000))
        #expect(less.percent == Percent(units: -12_000))
        #expect(less.exceeds(.whole(2)))
        #expect(!less.exceeds(.whole(12)), "exactly at the limit is within it")
        let more = TransferDifference(sent: Grams(3_000), received: Grams(3_001))
        #expect(more.percent == Percent(units: 33), "0.0333… % rounds to 0.033 %")
        #expect(!more.exceeds(.whole(2)))
        #expect(TransferDifference(sent: .zero, received: Grams(1)).exceeds(.whole(50)), "anything arriving for nothing sent is a difference")
    }
}

extension StockFlowTests {
    /// A shipment being loaded survives its storekeeper's sign-out: the same person finds it
    /// again at the same store until its first line is received; nobody else does.
    @Test(arguments: TestBackends.all)
    func aShipmentLeftOpenIsFoundAgainByWhoeverLoadedIt(backend: Backend) throws {
        let floor = try Floor(backend)
        try receiveIntoMain(floor, 500_000)
        let now = { floor.factory.clock.now() }
        #expect(try floor.factory.db.read { try floor.services.stock.openShipment($0, by: floor.storekeeper, from: .main, at: now()) } == nil)
        try floor.weigh("scale-MAIN-01", 25_000)
        let shipment = try ship(floor)
        let found = try floor.factory.db.read { try floor.services.stock.openShipment($0, by: floor.storekeeper, from: .main, at: now()) }
        #expect(found?.id == shipment.id)
        #expect(try floor.factory.db.read { try floor.services.stock.openShipment($0, by: floor.storekeeper, from: .shop, at: now()) } == nil)
        #expect(try floor.factory.db.read { try floor.services.stock.openShipment($0, by: floor.shopHead, from: .main, at: now()) } == nil,
                "another person's shipment is theirs")
        try floor.weigh("scale-SHOP-01", 25_000)
        _ = try floor.services.perform { db in
            try floor.services.stock.receiveLine(db, by: floor.shopOperator, transfer: shipment.id, line: shipment.lines[0].id, device: "scale-SHOP-01")
        }
        #expect(try floor.factory.db.read { try floor.services.stock.openShipment($0, by: floor.storekeeper, from: .main, at: now()) } == nil,
                "a shipment being received takes no more loads")
    }
}
