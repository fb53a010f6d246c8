import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// M8 (spec §9.2 "M8 IN/OUT → VTBatch → FIFO link → M7 Δ = 0") and E2E-02.
@Suite struct ReworkTests {
    /// E2E-02: much scrap (a rejected roll and a container) → rework IN → VT OUT → FIFO → close.
    @Test(arguments: TestBackends.all)
    func e2e02MuchScrapIsGroundAndTheSessionStillCloses(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 100_000)
        let aziz = try floor.uatUser("op.aziz")
        let otk = try floor.inspector()
        var rejected: Package?
        for (n, grams) in [Int64(30_000), 30_100, 30_000].enumerated() {
            let package = try floor.pack(session, grams: grams, by: aziz)
            try floor.degassed(package)
            let outcome = try floor.decide(package, n == 2 ? .reject : .ok, by: otk)
            if n == 2 { rejected = outcome.package }
        }
        try floor.weigh("scale-E1-pack-01", 10_500)
        _ = try floor.services.perform { db in
            try floor.services.balance.recordScrap(db, by: aziz, session: session.id, device: "scale-E1-pack-01", tare: Grams(600), sealNo: "S-1")
        }
        let before = try floor.factory.db.read { try floor.services.balance.preview($0, by: floor.shopHead, session: session.id) }
        #expect(before.balance.outstanding == Grams(39_900))
        #expect(before.balance.delta == Grams(0))

        let grinder = try floor.uatUser("drabilka")
        let rework = floor.services.rework
        let order = try floor.services.perform { try rework.open($0, by: grinder, type: .reworkHard, note: "E1 scrap") }
        try floor.weigh("scale-RW-IN-01", 30_000)
        let roll = try floor.services.perform { db in
            try rework.takeIn(db, by: grinder, order: order, .init(sealNo: nil, device: "scale-RW-IN-01", tare: .zero,
                                                                   sourceQRCode: try #require(rejected).qrCode))
        }
        #expect(roll.links.map(\.quantity) == [Grams(30_000)])
        try floor.weigh("scale-RW-IN-01", 10_500)
        let container = try floor.services.perform { db in
            try rework.takeIn(db, by: grinder, order: order, .init(sealNo: "S-1", device: "scale-RW-IN-01", tare: Grams(600), sourceSession: session.id))
        }
        #expect(container.net == Grams(9_900))
        #expect(container.excess == .zero)
        try floor.weigh("scale-RW-OUT-01", 38_500)
        let out = try floor.services.perform { try rework.takeOut($0, by: grinder, order: order, device: "scale-RW-OUT-01", vtSKU: "VT-PE-GR") }
        #expect(out.lossPct == Percent(units: 3_509))
        let vt = try floor.factory.db.read { try floor.services.stock.onHand($0, .main, material: "VT-PE", batch: out.vtBatchNo) }
        #expect(vt == Grams(38_500), "VT returns to MAIN as a material batch")

        let after = try floor.factory.db.read { try floor.services.balance.preview($0, by: floor.shopHead, session: session.id) }
        #expect(after.balance.reworkInLinked == Grams(39_900))
        #expect(after.balance.outstanding == .zero)
        #expect(after.balance.delta == .zero, "FIFO links the IN weight, so the grinding loss stays with the grinder")
        _ = try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func weightWithNoScrapLeftIsVTExcessAndHighLossAlerts(backend: Backend) throws {
        let floor = try Floor(backend)
        let grinder = try floor.uatUser("drabilka")
        let rework = floor.services.rework
        let order = try floor.services.perform { try rework.open($0, by: grinder, type: .reworkSoft) }
        try floor.weigh("scale-RW-IN-01", 20_000)
        let taken = try floor.services.perform { db in
            try rework.takeIn(db, by: grinder, order: order, .init(sealNo: "S-9", device: "scale-RW-IN-01", tare: Grams(500)))
        }
        #expect(taken.links.isEmpty)
        #expect(taken.excess == Grams(19_500))
        try floor.weigh("scale-RW-OUT-01", 15_000)
        let out = try floor.services.perform { try rework.takeOut($0, by: grinder, order: order, device: "scale-RW-OUT-01", vtSKU: "VT-PE-GR") }
        #expect(out.lossPct == Percent(units: 23_077))
        #expect(try floor.factory.count("alerts") == 1)
        try floor.weigh("scale-RW-IN-01", 5_000)
        #expect {
            try floor.services.perform { try rework.takeIn($0, by: grinder, order: order, .init(sealNo: nil, device: "scale-RW-IN-01", tare: .zero)) }
        } throws: { ($0 as? FactoryError)?.reason == "rework_order_closed" }
    }

    @Test(arguments: TestBackends.all)
    func scrapOfANonRecyclableSKUMayNotBeGround(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.factory.db.write { try $0.execute("UPDATE skus SET is_recyclable_for_rework_bool = ? WHERE code = 'POL-10'", false) }
        let session = try floor.start("E1", operators: ["op.aziz"])
        let grinder = try floor.uatUser("drabilka")
        let order = try floor.services.perform { try floor.services.rework.open($0, by: grinder, type: .reworkHard) }
        try floor.weigh("scale-RW-IN-01", 5_000)
        #expect {
            try floor.services.perform { db in
                try floor.services.rework.takeIn(db, by: grinder, order: order, .init(sealNo: nil, device: "scale-RW-IN-01", tare: .zero, sourceSession: session.id))
            }
        } throws: { ($0 as? FactoryError)?.details["gate"] == "non_recyclable_to_rework" }
        #expect(try floor.factory.count("rework_io") == 0)
        #expect(try floor.factory.count("gate_log") == 1)
    }
}

/// The disposal path and the manual FIFO link (spec §6.9).
@Suite struct DisposalAndManualLinkTests {
    func sessionWithScrap(_ floor: Floor, workcenter: String = "E1", operators: [String] = ["op.aziz"], container: Int64) throws -> Session {
        let session = try floor.start(workcenter, operators: operators)
        try floor.weigh("scale-E1-pack-01", container + 500)
        _ = try floor.services.perform { db in
            try floor.services.balance.recordScrap(db, by: floor.shopHead, session: session.id, device: "scale-E1-pack-01", tare: Grams(500), sealNo: nil)
        }
        return session
    }

    func outstanding(_ floor: Floor, _ session: Session) throws -> Grams {
        try floor.factory.db.read { try floor.services.balance.preview($0, by: floor.shopHead, session: session.id) }.balance.outstanding
    }

    @Test(arguments: TestBackends.all)
    func nonRecyclableScrapIsDisposedAndClosesTheSessionsPile(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.factory.db.write { try $0.execute("UPDATE skus SET is_recyclable_for_rework_bool = ? WHERE code = 'POL-10'", false) }
        let session = try sessionWithScrap(floor, container: 4_900)
        let grinder = try floor.uatUser("drabilka")
        try floor.weigh("scale-RW-IN-01", 5_400)
        let disposed = try floor.services.perform { db in
            try floor.services.rework.dispose(db, by: grinder, session: session.id, device: "scale-RW-IN-01", tare: Grams(500), reason: "paper-laminated")
        }
        #expect(disposed.net == Grams(4_900))
        let balance = try floor.factory.db.read { try floor.services.balance.preview($0, by: floor.shopHead, session: session.id) }.balance
        #expect(balance.disposedLinked == Grams(4_900))
        #expect(balance.outstanding == .zero)
        let types = try floor.factory.db.read { try $0.query("SELECT type FROM stock_txn WHERE session_id = ?", session.id).map { try $0.string("type") } }
        #expect(types == ["DISPOSE_WASTE"])
    }

    @Test(arguments: TestBackends.all)
    func inWeightWithoutScrapIsLinkedByHand(backend: Backend) throws {
        let floor = try Floor(backend)
        let first = try sessionWithScrap(floor, container: 2_000)
        let second = try sessionWithScrap(floor, workcenter: "E2", operators: ["op.dilshod"], container: 4_000)
        let grinder = try floor.uatUser("drabilka")
        let rework = floor.services.rework
        let order = try floor.services.perform { try rework.open($0, by: grinder, type: .reworkHard) }
        try floor.weigh("scale-RW-IN-01", 5_000)
        let taken = try floor.services.perform { db in
            try rework.takeIn(db, by: grinder, order: order, .init(sealNo: nil, device: "scale-RW-IN-01", tare: .zero, sourceSession: first.id))
        }
        #expect(taken.excess == Grams(3_000), "vt_excess: the first session had only 2 kg")
        #expect(try outstanding(floor, first) == .zero)
        let links = try floor.services.perform { try rework.link($0, by: grinder, order: order, session: second.id, quantity: Grams(3_000)) }
        #expect(links.map(\.quantity) == [Grams(3_000)])
        #expect(try outstanding(floor, second) == Grams(1_000))
        #expect {
            try floor.services.perform { try rework.link($0, by: grinder, order: order, session: second.id, quantity: Grams(1)) }
        } throws: { ($0 as? FactoryError)?.reason == "exceeds_unlinked" }
    }
}

extension ReworkTests {
    /// A grinder order is a fact, not the kiosk's memory: the line's open order, with its
    /// containers in the order they came in, is found again after a sign-out, until it closes.
    @Test(arguments: TestBackends.all)
    func theOpenOrderOfAGrinderLineIsFoundAgainUntilItCloses(backend: Backend) throws {
        let floor = try Floor(backend)
        let grinder = try floor.uatUser("drabilka")
        let rework = floor.services.rework
        let station = try floor.factory.db.read { try Device.find($0, "scale-RW-IN-01") }
        #expect(try floor.factory.db.read { try rework.openOrder($0, at: station) } == nil)
        let type = try floor.factory.db.read { try rework.orderType($0, line: station) }
        let order = try floor.services.perform { try rework.open($0, by: grinder, type: type) }
        for (seal, grams) in [("S-1", Int64(12_000)), ("S-2", 8_000)] {
            try floor.weigh("scale-RW-IN-01", grams)
            _ = try floor.services.perform { db in
                try rework.takeIn(db, by: grinder, order: order, .init(sealNo: seal, device: "scale-RW-IN-01", tare: Grams(500)))
            }
        }
        let open = try #require(try floor.factory.db.read { try rework.openOrder($0, at: station) })
        #expect(open.id == order)
        #expect(open.inTotal == Grams(19_000))
        #expect(open.containers.map(\.label) == ["S-1", "S-2"])
        #expect(open.containers.map(\.net) == [Grams(11_500), Grams(7_500)])
        try floor.weigh("scale-RW-OUT-01", 18_000)
        _ = try floor.services.perform { try rework.takeOut($0, by: grinder, order: order, device: "scale-RW-OUT-01", vtSKU: "VT-PE-GR") }
        #expect(try floor.factory.db.read { try rework.openOrder($0, at: station) } == nil, "a closed order is not carried on")
    }
}
