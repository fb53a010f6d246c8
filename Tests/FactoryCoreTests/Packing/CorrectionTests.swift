import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Spec §9.4 "OTK tries to edit the RS weight or the length → 403", and DECISIONS B7: a
/// package may be re-weighed or its length corrected before QC, never after.
@Suite struct CorrectionTests {
    func correct(_ floor: Floor, _ package: Package, by actor: Actor, _ correction: PackageService.Correction) throws -> Package {
        try floor.services.perform { try floor.services.packages.correct($0, by: actor, package: package.id, correction) }
    }

    @Test(arguments: TestBackends.all)
    func otkMayNotEditTheWeightOrTheLength(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        let otk = try floor.inspector()
        try floor.weigh("scale-E1-pack-01", 29_000)
        for correction: PackageService.Correction in [.reweigh(scale: "scale-E1-pack-01"), .length(.metres(240), reason: "counter slipped")] {
            #expect {
                try correct(floor, package, by: otk, correction)
            } throws: { error in
                let e = error as? FactoryError
                return e?.code == .forbidden && e?.details["permission"] == "package.correct"
            }
        }
        #expect(try floor.factory.db.read { try Package.load($0, package.id) } == package, "nothing about the package changed")
    }

    @Test(arguments: TestBackends.all)
    func aDecidedPackageCannotBeCorrectedByAnyone(backend: Backend) throws {
        let floor = try Floor(backend)
        let passed = try floor.qcPassedRoll()
        #expect {
            try correct(floor, passed, by: floor.shopHead, .length(.metres(251), reason: "typo"))
        } throws: { error in
            let e = error as? FactoryError
            return e?.code == .businessConflict && e?.reason == "already_decided"
        }
    }

    @Test(arguments: TestBackends.all)
    func aCorrectedLengthRejudgesTheTolerance(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_700, by: try floor.uatUser("op.aziz"))
        #expect(package.status == .review, "30.7 kg on 250 m misses the 2 % of POL-10")
        #expect { try correct(floor, package, by: floor.shopHead, .length(.metres(255), reason: "")) }
            throws: { ($0 as? FactoryError)?.code == .validationError }
        let corrected = try correct(floor, package, by: floor.shopHead, .length(.metres(255), reason: "counter slipped on the splice"))
        #expect(corrected.length == .metres(255))
        #expect(corrected.lengthMode == .manual)
        #expect(corrected.lengthTrusted == false)
        #expect(corrected.toleranceStatus == .ok)
        #expect(corrected.status == .awaitingQC)
        #expect(corrected.weight == package.weight)
        let audit = try floor.factory.db.read {
            try $0.queryOne("SELECT old_new_diff_json FROM audit_log WHERE action = 'package.corrected'")?.string("old_new_diff_json")
        }
        #expect(audit?.contains("counter slipped on the splice") == true)
    }

    @Test(arguments: TestBackends.all)
    func theCrewReweighsOnTheLinesScale(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_700, by: aziz)
        try floor.weigh("scale-E1-pack-01", 30_150)
        let reweighed = try correct(floor, package, by: aziz, .reweigh(scale: "scale-E1-pack-01"))
        #expect(reweighed.weight == Grams(30_150))
        #expect(reweighed.weightTrusted)
        #expect(reweighed.status == .awaitingQC)
        let bound = try floor.factory.db.read {
            try $0.queryOne("SELECT e.gross_g FROM packages p JOIN scale_events e ON e.id = p.scale_event_id WHERE p.id = ?", package.id)?
                .int("gross_g")
        }
        #expect(bound == 30_150, "the package now points at the new reading")
        #expect {
            try correct(floor, reweighed, by: aziz, .reweigh(scale: "scale-E1-pack-01"))
        } throws: { ($0 as? FactoryError)?.code == .businessConflict }
    }
}
