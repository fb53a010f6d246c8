import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct GateLogTests {
    let session = AuditObject("session", UUID().uuidString.lowercased())

    @Test(arguments: TestBackends.all)
    func onlyTheTechnologistReleasesTheVTLimit(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let shopHead = try factory.actor(.sexBoshligi)
        let technologist = try factory.actor(.texnolog)
        let gates = factory.services.gates
        let gate = try factory.db.write { db in
            try gates.open(db, by: .user(shopHead), gate: .vtLimit, object: session,
                           ref: ["vt_share_mpct": 36_500, "limit_mpct": 35_000], note: "VT 36.5 % > 35 %")
        }
        #expect(gate.isOpen)
        #expect(try factory.db.read { try gates.openGates($0, on: session) }.map(\.id) == [gate.id])
        #expect {
            try factory.db.write { try gates.release($0, by: shopHead, gate: gate.id, note: "looks fine") }
        } throws: { ($0 as? FactoryError)?.details["permission"] == "gate.release.vt_limit" }
        #expect {
            try factory.db.write { try gates.release($0, by: technologist, gate: gate.id, note: "  ") }
        } throws: { ($0 as? FactoryError)?.reason == "note_required" }
        let released = try factory.db.write { try gates.release($0, by: technologist, gate: gate.id, note: "VT batch re-tested") }
        #expect(!released.isOpen)
        #expect(released.releasedBy == technologist.userID)
        #expect(try factory.db.read { try gates.openGates($0, on: session) }.isEmpty)
        #expect {
            try factory.db.write { try gates.release($0, by: technologist, gate: gate.id, note: "again") }
        } throws: { ($0 as? FactoryError)?.reason == "already_released" }
        #expect(try factory.audit.verify(factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func aGateHitTwiceIsOneGate(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let gates = factory.services.gates
        let first = try factory.db.write { try gates.open($0, by: TestFactory.console, gate: .degazGate, object: session) }
        let second = try factory.db.write { try gates.open($0, by: TestFactory.console, gate: .degazGate, object: session) }
        #expect(first.id == second.id)
        #expect(try factory.count("gate_log") == 1)
    }

    @Test func everyGateHasSomeoneWhoMayReleaseIt() {
        for gate in GateType.allCases {
            #expect(!PermissionMatrix.holders(of: GateLog.releasePermission(for: gate)).isEmpty)
        }
    }
}
