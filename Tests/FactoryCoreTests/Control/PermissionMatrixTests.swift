import FactoryCore
import FactoryTestSupport
import Testing

@Suite struct PermissionMatrixTests {
    @Test func everyPermissionBelongsToSomeone() {
        for permission in Permission.allCases {
            #expect(!PermissionMatrix.holders(of: permission).isEmpty, "\(permission.rawValue) is granted to no role")
        }
    }

    @Test func everyPositionHasARow() {
        for position in Position.allCases {
            #expect(PermissionMatrix.grants[position]?.isEmpty == false, "\(position.rawValue) can do nothing")
        }
    }

    @Test func theSpecsRoleRulesHold() {
        #expect(PermissionMatrix.allows(.otk, .qcDecide))
        #expect(!PermissionMatrix.allows(.operator, .qcDecide))
        #expect(!PermissionMatrix.allows(.otk, .packageCreate), "OTK must not touch RS weight or length")
        #expect(PermissionMatrix.allows(.fgOmbor, .fgReceive))
        #expect(PermissionMatrix.allows(.drabilka, .reworkOperate))
        #expect(PermissionMatrix.holders(of: .gateReleaseVTLimit) == [.texnolog])
        #expect(Set(PermissionMatrix.holders(of: .gateReleaseDegaz)) == [.texnolog, .sexBoshligi])
        #expect(Set(PermissionMatrix.holders(of: .degassingSetDone)) == [.texnolog, .sexBoshligi])
        #expect(PermissionMatrix.holders(of: .reopenApproveDirector) == [.direktor])
        #expect(!PermissionMatrix.allows(.operator, .manualEntryApprove))
    }

    @Test func requireNamesTheMissingPermission() {
        let actor = Actor(userID: User.ID(), username: "op", position: .operator)
        #expect {
            try PermissionMatrix.require(actor, .qcDecide)
        } throws: { error in
            let e = error as? FactoryError
            return e?.code == .forbidden && e?.details["permission"] == "qc.decide"
        }
    }
}
