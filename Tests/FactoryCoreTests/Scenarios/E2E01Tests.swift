import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// E2E-01 (spec §9.3): Main→Shop → session → package (RS) → QC OK → FG, and the session closes
/// with Δ ≤ limit. Every weight comes from a scale reading.
@Suite struct E2E01Tests {
    /// A session fed 100 kg that made three rolls (90.1 kg), left 5 kg at the line and 4.9 kg
    /// of scrap in a container.
    func runSession(_ floor: Floor, scrapNet: Int64 = 4_900) throws -> Session {
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        try floor.stockShop("VT-PE", batch: "VT-1", grams: 50_000)
        try floor.stockShop("MB-RED", batch: "MB-1", grams: 10_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 65_000)
        _ = try floor.feed(session, "VT-PE", batch: "VT-1", grams: 30_000)
        _ = try floor.feed(session, "MB-RED", batch: "MB-1", grams: 5_000)

        let aziz = try floor.uatUser("op.aziz")
        let otk = try floor.inspector()
        let storekeeper = try floor.factory.actor(.fgOmbor)
        for grams: Int64 in [30_000, 30_200, 29_900] {
            let package = try floor.pack(session, grams: grams, by: aziz)
            try floor.degassed(package)
            _ = try floor.decide(package, .ok, by: otk)
            #expect(try floor.receiveFG(package.qrCode, by: storekeeper).status == .fgReceived)
        }
        try floor.weigh("scale-SHOP-01", 5_000)
        _ = try floor.services.perform { db in
            try floor.services.stock.snapshot(db, by: floor.shopOperator, shift: .day, items: [
                .init(material: "PVD-PE", batchNo: "B-1", device: "scale-SHOP-01", session: session.id)])
        }
        try floor.weigh("scale-E1-pack-01", scrapNet + 600)
        _ = try floor.services.perform { db in
            try floor.services.balance.recordScrap(db, by: aziz, session: session.id, device: "scale-E1-pack-01",
                                                   tare: Grams(600), sealNo: "S-0001")
        }
        return session
    }

    @Test(arguments: TestBackends.all)
    func e2e01TheWholeFlowClosesTheBalance(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try runSession(floor)
        let preview = try floor.factory.db.read { try floor.services.balance.preview($0, by: floor.shopHead, session: session.id) }
        let b = preview.balance
        #expect(b.input == Grams.kilograms(100))
        #expect(b.good == Grams(90_100))
        #expect(b.wip == Grams.kilograms(5))
        #expect(b.scrapExpected == Grams(4_900))
        #expect(b.outstanding == Grams(4_900))
        #expect(b.delta == .zero)
        #expect(b.limit == Grams.kilograms(1))
        #expect(preview.canClose)

        let closed = try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        #expect(closed.balance == b)
        let stored = try floor.factory.db.read { try #require(try $0.queryOne("SELECT delta_session_g, limit_g FROM session_balance")) }
        #expect(try stored.int("delta_session_g") == 0)
        #expect(try stored.int("limit_g") == 1_000)
        #expect(try floor.factory.db.read { try Session.load($0, session.id) }.status == .closed)
        #expect {
            try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        } throws: { ($0 as? FactoryError)?.reason == "session_closed" }
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func aBalanceOffByMoreThanTheLimitDoesNotClose(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try runSession(floor, scrapNet: 3_800)
        #expect {
            try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        } throws: { error in
            let e = error as? FactoryError
            return e?.reason == "delta_exceeded" && e?.details["delta_kg"] == "1.100" && e?.details["limit_kg"] == "1.000"
        }
        #expect(try floor.factory.count("session_balance") == 0)
        #expect(try floor.factory.db.read { try Session.load($0, session.id) }.status == .opened)
    }

    @Test(arguments: TestBackends.all)
    func aSessionWithUndecidedPackagesDoesNotClose(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        #expect {
            try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        } throws: { ($0 as? FactoryError)?.reason == "packages_pending" }
        let operatorActor = try floor.uatUser("op.aziz")
        #expect {
            try floor.services.perform { try floor.services.balance.close($0, by: operatorActor, session: session.id) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
    }
}

/// Spec §6.8 re-open: shop head → technologist → director, then the session is opened again.
@Suite struct SessionReopenTests {
    @Test(arguments: TestBackends.all)
    func aClosedSessionReopensAfterThreeApprovalsInOrder(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try E2E01Tests().runSession(floor)
        let balance = floor.services.balance
        let approvals = floor.services.approvals
        _ = try floor.services.perform { try balance.close($0, by: floor.shopHead, session: session.id) }
        let director = try floor.factory.actor(.direktor)
        let request = try floor.services.perform { db in
            try balance.requestReopen(db, by: floor.shopHead, approvals: approvals, session: session.id, reason: "a roll was mislabelled")
        }
        #expect {
            try floor.services.perform { try balance.decideReopen($0, by: director, approvals: approvals, approval: request.id, approve: true, comment: nil) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        _ = try floor.services.perform { try balance.decideReopen($0, by: floor.shopHead, approvals: approvals, approval: request.id, approve: true, comment: nil) }
        _ = try floor.services.perform { try balance.decideReopen($0, by: floor.technologist, approvals: approvals, approval: request.id, approve: true, comment: nil) }
        #expect(try floor.factory.db.read { try Session.load($0, session.id) }.status == .closed, "two of three approvals are not enough")
        let done = try floor.services.perform { try balance.decideReopen($0, by: director, approvals: approvals, approval: request.id, approve: true, comment: "ok") }
        #expect(done.state == .approved)
        #expect(try floor.factory.db.read { try Session.load($0, session.id) }.status == .opened)
        #expect(try floor.factory.count("session_balance") == 0)
        _ = try floor.services.perform { try balance.close($0, by: floor.shopHead, session: session.id) }
        #expect(try floor.factory.count("session_balance") == 1)
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func onlyAClosedSessionIsReopened(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try floor.start("E1", operators: ["op.aziz"])
        #expect {
            try floor.services.perform { db in
                try floor.services.balance.requestReopen(db, by: floor.shopHead, approvals: floor.services.approvals, session: session.id, reason: "x")
            }
        } throws: { ($0 as? FactoryError)?.reason == "session_not_closed" }
    }
}

/// Spec §6.8 Investigate: the facts behind every number of the balance card.
@Suite struct InvestigationTests {
    @Test(arguments: TestBackends.all)
    func theDrillDownAddsUpToTheBalance(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try E2E01Tests().runSession(floor, scrapNet: 3_800)
        let found = try floor.factory.db.read { try floor.services.balance.investigate($0, by: floor.shopHead, session: session.id) }
        #expect(found.inputs.sum(\.quantity) == found.balance.input)
        #expect(found.wip.sum(\.quantity) == found.balance.wip)
        #expect(found.packages.filter { $0.status == .fgReceived }.sum(\.weight) == found.balance.good)
        #expect(found.packages.allSatisfy { $0.weightTrusted && $0.scaleEventID != nil })
        #expect(found.scrap.map(\.sealNo) == ["S-0001"])
        #expect(found.scrap.sum(\.net) - found.scrap.sum(\.linked) == found.balance.outstanding)
        #expect(found.balance.delta == Grams(1_100), "the missing 1.1 kg is what the shop head goes looking for")
    }
}
