import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct ApprovalEngineTests {
    let object = UUID().uuidString.lowercased()

    @Test(arguments: TestBackends.all)
    func theShopHeadApprovesAManualWeight(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let operatorActor = try factory.actor(.operator)
        let shopHead = try factory.actor(.sexBoshligi)
        let engine = factory.services.approvals
        let requested = try factory.db.write { db in
            try engine.request(db, by: operatorActor, type: .manualWeight, objectType: "package", objectID: object,
                               payload: ["weight_g": 25_400], comment: "gateway offline")
        }
        #expect(requested.state == .pending)
        #expect(requested.payload == ["weight_g": 25_400])
        #expect {
            try factory.db.write { try engine.decide($0, by: operatorActor, approval: requested.id, approve: true) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        let approved = try factory.db.write { try engine.decide($0, by: shopHead, approval: requested.id, approve: true) }
        #expect(approved.state == .approved)
        #expect(approved.approverID == shopHead.userID)
        #expect {
            try factory.db.write { try engine.decide($0, by: shopHead, approval: requested.id, approve: false) }
        } throws: { ($0 as? FactoryError)?.reason == "already_decided" }
        let actions = try factory.db.read { db in
            try db.query("SELECT action FROM audit_log WHERE object_type = 'approval' ORDER BY seq").map { try $0.string("action") }
        }
        #expect(actions == ["approval.requested", "approval.approved"])
    }

    @Test(arguments: TestBackends.all)
    func aRejectionEndsTheApproval(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let operatorActor = try factory.actor(.operator)
        let shopHead = try factory.actor(.sexBoshligi)
        let engine = factory.services.approvals
        let rejected = try factory.db.write { db in
            let request = try engine.request(db, by: operatorActor, type: .reviewTolerance, objectType: "package", objectID: object)
            return try engine.decide(db, by: shopHead, approval: request.id, approve: false, comment: "re-weigh it")
        }
        #expect(rejected.state == .rejected)
        #expect(rejected.comment == "re-weigh it")
    }

    @Test(arguments: TestBackends.all)
    func reopeningASessionTakesThreeApprovalsInOrder(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let shopHead = try factory.actor(.sexBoshligi)
        let technologist = try factory.actor(.texnolog)
        let director = try factory.actor(.direktor)
        let engine = factory.services.approvals
        let request = try factory.db.write { db in
            try engine.request(db, by: shopHead, type: .reopenSession, objectType: "session", objectID: object, comment: "scale drift")
        }
        #expect(request.stepsRequired == 3)
        #expect {
            try factory.db.write { try engine.decide($0, by: director, approval: request.id, approve: true) }
        } throws: { error in
            let e = error as? FactoryError
            return e?.code == .forbidden && e?.message.contains("must come before yours") == true
        }
        let afterShopHead = try factory.db.write { try engine.decide($0, by: shopHead, approval: request.id, approve: true) }
        #expect(afterShopHead.state == .pending)
        #expect(afterShopHead.stepsDone == 1)
        #expect {
            try factory.db.write { try engine.decide($0, by: director, approval: request.id, approve: true) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        _ = try factory.db.write { try engine.decide($0, by: technologist, approval: request.id, approve: true) }
        let done = try factory.db.write { try engine.decide($0, by: director, approval: request.id, approve: true) }
        #expect(done.state == .approved)
        #expect(done.stepsDone == 3)
        let steps = try factory.db.read { db in
            try db.query("SELECT role FROM approval_steps WHERE approval_id = ? ORDER BY step_no", request.id).map { try $0.string("role") }
        }
        #expect(steps == ["sex_boshligi", "texnolog", "direktor"])
    }

    @Test(arguments: TestBackends.all)
    func onePersonDecidesOneStep(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let requester = try factory.actor(.operator)
        let director = try factory.actor(.direktor)
        let engine = factory.services.approvals
        // A payroll approval has one step; a KPI approval by the same director is a separate approval.
        let payroll = try factory.db.write { try engine.request($0, by: requester, type: .payrollSnapshot, objectType: "payroll", objectID: object) }
        _ = try factory.db.write { try engine.decide($0, by: director, approval: payroll.id, approve: true) }
        let reopen = try factory.db.write { db in
            try engine.request(db, by: requester, type: .reopenSession, objectType: "session", objectID: object)
        }
        let headAndTech = try factory.actor(.sexBoshligi)
        _ = try factory.db.write { try engine.decide($0, by: headAndTech, approval: reopen.id, approve: true) }
        #expect {
            try factory.db.write { try engine.decide($0, by: headAndTech, approval: reopen.id, approve: true) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
    }

    @Test(arguments: TestBackends.all)
    func aSecondPendingRequestForTheSameObjectIsAConflict(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let requester = try factory.actor(.operator)
        let engine = factory.services.approvals
        let first = try factory.db.write { try engine.request($0, by: requester, type: .manualLength, objectType: "package", objectID: object) }
        #expect {
            try factory.db.write { try engine.request($0, by: requester, type: .manualLength, objectType: "package", objectID: object) }
        } throws: { ($0 as? FactoryError)?.details["approval_id"] == first.id.text }
        #expect(try factory.db.read { try engine.pending($0, type: .manualLength) }.map(\.id) == [first.id])
    }
}
