import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// M3 and the spec's §9.4 "operator on a 3rd line → gate", §9.1 "vt_limit_gate near threshold".
@Suite struct SessionTests {
    @Test(arguments: TestBackends.all)
    func aSessionFreezesThePublishedRecipe(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try floor.start("E1", operators: ["op.aziz", "op.dilshod"])
        #expect(session.status == .opened)
        #expect(session.operators == ["op.aziz", "op.dilshod"])
        #expect(session.recipe.version == 1)
        #expect(session.recipe.vtLimit == .whole(35))
        #expect(session.recipe.lines.map(\.material) == ["MB-RED", "PVD-PE", "TALK", "VT-PE"])
        // A later recipe edit does not reach the running session.
        try floor.factory.db.write { try $0.execute("UPDATE recipes SET vt_limit_mpct = 50000") }
        let reloaded = try floor.services.perform { db in
            try floor.services.sessions.pause(db, by: floor.shopHead, session: session.id, reason: "check")
        }
        #expect(reloaded.recipe.vtLimit == .whole(35))
    }

    @Test(arguments: TestBackends.all)
    func anOperatorOnAThirdLineIsStoppedByTheGate(backend: Backend) throws {
        let floor = try Floor(backend)
        _ = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.start("E2", operators: ["op.aziz"])
        #expect {
            try floor.start("E3", operators: ["op.aziz"])
        } throws: { error in
            let e = error as? FactoryError
            return e?.code == .gateBlocked && e?.details["gate"] == "gt_2_extruder" && e?.details["operator"] == "op.aziz"
        }
        #expect(try floor.factory.count("sessions") == 2)
        let gate = try floor.factory.db.read { try #require(try $0.queryOne("SELECT gate_type, object_type FROM gate_log")) }
        #expect(try gate.string("gate_type") == "gt_2_extruder")
        #expect(try gate.string("object_type") == "user")
    }

    @Test(arguments: TestBackends.all)
    func anUnqualifiedOperatorCannotRunE3(backend: Backend) throws {
        let floor = try Floor(backend)
        #expect {
            try floor.start("E3", operators: ["op.dilshod"])
        } throws: { ($0 as? FactoryError)?.details["gate"] == "e3_qualification" }
        #expect(try floor.start("E3", operators: ["op.aziz"]).workcenter == "E3")
    }

    @Test(arguments: TestBackends.all)
    func aCrewIsOneOrTwoOperators(backend: Backend) throws {
        let floor = try Floor(backend)
        let third = try floor.factory.actor(.operator, "op.third")
        try floor.factory.db.write { db in
            try db.execute("""
                INSERT INTO operator_qualifications (id, user_id, workcenter_id, granted_at)
                SELECT ?, ?, id, ? FROM workcenters WHERE code = 'E1'
                """, UUID().uuidString.lowercased(), third.userID, floor.factory.clock.now())
        }
        #expect {
            try floor.start("E1", operators: ["op.aziz", "op.dilshod", "op.third"])
        } throws: { ($0 as? FactoryError)?.reason == "crew_size" }
        #expect {
            try floor.start("E1", operators: [])
        } throws: { ($0 as? FactoryError)?.reason == "crew_size" }
        #expect {
            try floor.start("E1", operators: ["sexboshligi"])
        } throws: { ($0 as? FactoryError)?.reason == "not_an_operator" }
        #expect(try floor.factory.count("gate_log") == 0, "a wrong crew is a typing error, not a gate")
    }

    @Test(arguments: TestBackends.all)
    func exactlyTheVTLimitRuns(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        try floor.stockShop("VT-PE", batch: "VT-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 65_000)
        let atLimit = try floor.feed(session, "VT-PE", batch: "VT-1", grams: 35_000)
        #expect(atLimit.vtShare == .whole(35))
        #expect(atLimit.vtGate == nil)
        #expect(atLimit.session.status == .opened)
    }

    @Test(arguments: TestBackends.all)
    func oneGramOverTheVTLimitPausesTheSessionUntilTheTechnologistReleasesIt(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        try floor.stockShop("VT-PE", batch: "VT-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 64_999)
        let over = try floor.feed(session, "VT-PE", batch: "VT-1", grams: 35_001)
        let gateID = try #require(over.vtGate)
        #expect(over.session.status == .paused)
        #expect(over.session.pauseReason == "vt_limit")
        #expect(over.quantity == Grams(35_001), "the input itself is recorded")

        #expect {
            try floor.feed(session, "PVD-PE", batch: "B-1", grams: 10_000)
        } throws: { ($0 as? FactoryError)?.reason == "session_not_opened" }
        #expect {
            try floor.services.perform { try floor.services.sessions.resume($0, by: floor.shopHead, session: session.id) }
        } throws: { ($0 as? FactoryError)?.details["gate"] == "vt_limit" }
        #expect {
            try floor.services.perform { try floor.services.sessions.releaseGate($0, by: floor.shopHead, gate: gateID, note: "fine") }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        let resumed = try floor.services.perform { db in
            try floor.services.sessions.releaseGate(db, by: floor.technologist, gate: gateID, note: "VT lot re-tested, melt index fine")
        }
        #expect(resumed.status == .opened)
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func pauseTakesAReasonAndResumeNeedsAPausedSession(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try floor.start("E2", operators: ["op.dilshod"])
        let sessions = floor.services.sessions
        #expect {
            try floor.services.perform { try sessions.pause($0, by: floor.shopHead, session: session.id, reason: " ") }
        } throws: { ($0 as? FactoryError)?.reason == "reason_required" }
        #expect {
            try floor.services.perform { try sessions.resume($0, by: floor.shopHead, session: session.id) }
        } throws: { ($0 as? FactoryError)?.reason == "session_not_paused" }
        let paused = try floor.services.perform { try sessions.pause($0, by: floor.shopHead, session: session.id, reason: "die change") }
        #expect(paused.pauseReason == "die change")
        #expect(try floor.services.perform { try sessions.resume($0, by: floor.shopHead, session: session.id) }.status == .opened)
    }
}

/// A live recipe change needs the technologist's approval.
@Suite struct LiveRecipeChangeTests {
    @Test(arguments: TestBackends.all)
    func theTechnologistApprovesANewRecipeVersionForARunningSession(backend: Backend) throws {
        let floor = try Floor(backend)
        _ = try floor.services.masterData.importTexts([
            ("recipes.csv", "sku_code,version,vt_limit_pct,status\nPOL-10,2,40,published\n"),
            ("recipe_lines.csv", "sku_code,version,material_code,comp_type,ratio_pct\nPOL-10,2,PVD-PE,perv,60\nPOL-10,2,VT-PE,vt,40\n"),
        ], into: floor.factory.db, by: TestFactory.console)
        let session = try floor.start("E1", operators: ["op.aziz"])
        #expect(session.recipe.version == 2, "a new session takes the newest published version")
        let sessions = floor.services.sessions
        let approvals = floor.services.approvals
        #expect(try floor.factory.db.read { try sessions.recipeVersions($0, session: session.id) } == [1], "what the card offers: the others")
        let request = try floor.services.perform { db in
            try sessions.requestRecipeChange(db, by: floor.shopHead, approvals: approvals, session: session.id, version: 1, reason: "VT lot short")
        }
        #expect(try floor.factory.db.read { try Session.load($0, session.id) }.recipe.version == 2, "nothing changes before approval")
        #expect {
            try floor.services.perform { try sessions.decideRecipeChange($0, by: floor.shopHead, approvals: approvals, approval: request.id, approve: true, comment: nil) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        let changed = try floor.services.perform { db in
            try sessions.decideRecipeChange(db, by: floor.technologist, approvals: approvals, approval: request.id, approve: true, comment: "ok")
        }
        #expect(changed.recipe.version == 1)
        #expect(changed.recipe.vtLimit == .whole(35))
        #expect(try floor.factory.db.read { try sessions.recipeVersions($0, session: session.id) } == [2])
        #expect {
            try floor.services.perform { try sessions.requestRecipeChange($0, by: floor.shopHead, approvals: approvals, session: session.id, version: 7, reason: "x") }
        } throws: { ($0 as? FactoryError)?.reason == "no_published_recipe" }
    }
}
