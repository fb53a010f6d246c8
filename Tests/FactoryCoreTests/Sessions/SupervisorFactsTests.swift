import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// What the supervisors' consoles read before they act: the session form's lights, the board
/// of sessions worst delta first, and the gates a technologist may release with their facts.
@Suite struct SupervisorFactsTests {
    func request(_ workcenter: String, _ operators: [String], sku: String = "POL-10") -> SessionService.Start {
        SessionService.Start(workcenter: workcenter, sku: sku, partiyaNo: "", shift: .day, operators: operators)
    }

    @Test(arguments: TestBackends.all)
    func theFormLightsTheCrewGatesAsTheStartWouldDecideThem(backend: Backend) throws {
        let floor = try Floor(backend)
        func preflight(_ request: SessionService.Start) throws -> SessionService.Preflight {
            try floor.factory.db.read { try floor.services.sessions.preflight($0, by: floor.shopHead, request) }
        }
        let clear = try preflight(request("E3", ["op.aziz"]))
        #expect(clear.twoExtruders == .clear && clear.qualification == .clear && clear.canStart)
        #expect(clear.recipe?.vtLimit == .whole(35))
        #expect(try preflight(request("E3", ["op.dilshod"])).qualification == .held(operator: "op.dilshod"))
        #expect(try preflight(request("E3", [])).twoExtruders == .unknown, "nobody named yet")
        #expect(try preflight(request("E3", ["op.aziz"], sku: "NO-SUCH")).recipe == nil)
        _ = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.start("E2", operators: ["op.aziz"])
        let third = try preflight(request("E3", ["op.aziz"]))
        #expect(third.twoExtruders == .held(operator: "op.aziz") && !third.canStart)
        #expect(try preflight(request("E1", ["op.dilshod"])).running != nil, "E1 runs a session already")
        #expect(try floor.factory.count("gate_log") == 0, "the lights write nothing; the start records a gate it refuses")
        _ = try floor.factory.actor(.operator, "op.abror")
        let choices = try floor.factory.db.read { try floor.services.sessions.startChoices($0, workcenter: "E3") }
        #expect(choices.skus.contains("POL-10"))
        let aziz = try #require(choices.operators.firstIndex(of: "op.aziz")), abror = try #require(choices.operators.firstIndex(of: "op.abror"))
        #expect(aziz < abror, "those qualified for the line come first, before the alphabet")
    }

    @Test(arguments: TestBackends.all)
    func theBoardShowsFreeLinesRunningAndClosedSessionsAndTheWorstDeltaFirst(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 1_100_000)
        let e1 = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(e1, "PVD-PE", batch: "B-1", grams: 40_000)
        let e2 = try floor.start("E2", operators: ["op.dilshod"])
        _ = try floor.feed(e2, "PVD-PE", batch: "B-1", grams: 1_000_000)
        let board = try floor.factory.db.read {
            try SessionBoard.read($0, balance: floor.services.balance, closedSince: floor.factory.clock.now().adding(seconds: -3600))
        }
        #expect(board.freeLines == ["E3"])
        #expect(board.sessions.map(\.workcenter) == ["E1", "E2"])
        // Nothing packed: the whole input is unexplained scrap, over each limit (400 g; 5 kg, the cap).
        #expect(board.sessions[0].balance.delta == Grams(40_000) && board.sessions[0].balance.limit == Grams(400))
        #expect(board.sessions[1].balance.limit == .kilograms(5))
        #expect(board.worstFirst.map(\.workcenter) == ["E2", "E1"], "1000 kg over a 5 kg limit is worse than 40 kg over 0.4 kg")
        #expect(board.sessions.allSatisfy { $0.status == .opened && $0.openGates == 0 })
    }

    @Test(arguments: TestBackends.all)
    func theTechnologistSeesTheVTGateWithItsShareAndTheShopHeadDoesNot(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        try floor.stockShop("VT-PE", batch: "VT-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 60_000)
        _ = try floor.feed(session, "VT-PE", batch: "VT-1", grams: 40_000)
        let held = try floor.factory.db.read { try floor.services.gates.releasable($0, by: floor.technologist) }
        let gate = try #require(held.first)
        #expect(held.count == 1 && gate.record.gateType == .vtLimit)
        #expect(gate.about == "E1 · \(session.partiyaNo)")
        #expect(gate.vtShare == .whole(40) && gate.vtLimit == .whole(35) && gate.input == Grams(100_000))
        #expect(try floor.factory.db.read { try floor.services.gates.releasable($0, by: floor.shopHead) }.isEmpty,
                "the VT gate is the technologist's to release")
    }

    @Test(arguments: TestBackends.all)
    func aSessionsTrailListsItsOwnEntriesItsApprovalsAndItsGatesInOrder(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        try floor.stockShop("VT-PE", batch: "VT-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let other = try floor.start("E2", operators: ["op.dilshod"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 60_000)
        _ = try floor.feed(other, "PVD-PE", batch: "B-1", grams: 10_000)
        _ = try floor.feed(session, "VT-PE", batch: "VT-1", grams: 40_000)
        let gate = try #require(try floor.factory.db.read { try floor.services.gates.releasable($0, by: floor.technologist) }.first)
        _ = try floor.services.perform { try floor.services.releaseGate($0, by: floor.technologist, gate: gate.record.id, note: "lot allows it") }
        let trail = try floor.factory.db.read { try AuditTrail.of($0, session: session.id) }
        #expect(trail.lines.map(\.action) == ["session.started", "session.input_added", "session.input_added", "gate.opened", "session.paused",
                                             "gate.released", "session.resumed"], "E2's feeding is not in E1's trail")
        #expect(trail.lines.first?.who == floor.shopHead.username && trail.lines[5].who == floor.technologist.username)
        #expect(trail.lines.map(\.ts) == trail.lines.map(\.ts).sorted())
    }
}
