import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Spec §9.2 "M5 package + tolerance breach → review approve → OTK ok" and §9.1
/// "manual_weight_flow approve/reject".
@Suite struct ReviewTests {
    @Test(arguments: TestBackends.all)
    func aBreachIsReviewedApprovedAndPassesQC(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let otk = try floor.inspector()
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_900, by: aziz)
        #expect(package.status == .review)
        let packages = floor.services.packages
        let approval = try floor.services.perform { try packages.submitReview($0, by: aziz, package: package.id, reason: "thicker edge, customer accepts") }
        #expect {
            try floor.services.perform { try packages.decide($0, by: aziz, approval: approval.id, approve: true, comment: nil) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        let approved = try floor.services.perform { try packages.decide($0, by: floor.shopHead, approval: approval.id, approve: true, comment: "ok") }
        #expect(approved.status == .awaitingQC)
        try floor.degassed(package)
        #expect(try floor.decide(approved, .ok, by: otk).package.status == .qcOK)
    }

    @Test(arguments: TestBackends.all)
    func aRejectedReviewSendsThePackageToRework(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 32_000, by: aziz)
        let packages = floor.services.packages
        let approval = try floor.services.perform { try packages.submitReview($0, by: aziz, package: package.id, reason: "heavy") }
        let rejected = try floor.services.perform { try packages.decide($0, by: floor.shopHead, approval: approval.id, approve: false, comment: "too heavy") }
        #expect(rejected.status == .qcReject)
        #expect(try floor.factory.count("scrap_lots") == 1)
    }

    @Test(arguments: TestBackends.all)
    func anApprovedManualWeightGoesToQCButStaysUntrusted(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let packages = floor.services.packages
        let manual = try floor.services.perform {
            try packages.create($0, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01", length: .manual(.metres(250), reason: "gateway down"),
                                                    typedWeight: .init(Grams(30_100), reason: "gateway down")))
        }
        let approval = try #require(try floor.factory.db.read { try floor.services.approvals.pending($0, type: .manualWeight) }.first)
        let approved = try floor.services.perform { try packages.decide($0, by: floor.shopHead, approval: approval.id, approve: true, comment: nil) }
        #expect(approved.status == .awaitingQC)
        #expect(!approved.weightTrusted, "a typed weight never becomes trusted: KPI leaves it out")
        #expect(approved.id == manual.id)
    }

    @Test(arguments: TestBackends.all)
    func aRejectedManualWeightHoldsThePackage(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let packages = floor.services.packages
        let manual = try floor.services.perform {
            try packages.create($0, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01", length: .manual(.metres(250), reason: "gateway down"),
                                                    typedWeight: .init(Grams(30_100), reason: "gateway down")))
        }
        let approval = try #require(try floor.factory.db.read { try floor.services.approvals.pending($0, type: .manualWeight) }.first)
        let held = try floor.services.perform { try packages.decide($0, by: floor.shopHead, approval: approval.id, approve: false, comment: "weigh it again") }
        #expect(held.status == .onHold)
        #expect(try floor.factory.db.read { try OnHold.open($0, qrCode: manual.qrCode) }.count == 1)
    }
}

extension ReviewTests {
    /// The shop head's inbox holds the review with the package's facts and the packer's reason;
    /// an operator's holds nothing; a decided review leaves it.
    @Test(arguments: TestBackends.all)
    func aReviewWaitsInTheShopHeadsInboxUntilDecided(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_900, by: aziz)
        _ = try floor.services.perform { try floor.services.packages.submitReview($0, by: aziz, package: package.id, reason: "thicker edge") }
        let inbox = try floor.factory.db.read { try ApprovalInbox.read($0, for: floor.shopHead, engine: floor.services.approvals) }
        let item = try #require(inbox.first)
        #expect(inbox.count == 1)
        #expect(item.approval.type == .reviewTolerance && item.step == 1)
        #expect(item.package?.qrCode == package.qrCode && item.requestedBy == "op.aziz")
        #expect(item.approval.comment == "thicker edge")
        // 30.9 kg of 250 m against the SKU's 30 kg norm: 3 % over a 2 % tolerance.
        #expect(item.norm == PackageNorm(norm: .kilograms(30), deviation: .whole(3), tolerance: .whole(2), below: false))
        #expect(try floor.factory.db.read { try ApprovalInbox.read($0, for: aziz, engine: floor.services.approvals) }.isEmpty)
        _ = try floor.services.perform { try floor.services.decideApproval($0, by: floor.shopHead, approval: item.approval.id, approve: true, comment: "ok") }
        #expect(try floor.factory.db.read { try ApprovalInbox.read($0, for: floor.shopHead, engine: floor.services.approvals) }.isEmpty)
    }
}
