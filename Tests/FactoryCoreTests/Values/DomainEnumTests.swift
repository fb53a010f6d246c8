import FactoryCore
import FactoryTestSupport
import Testing

@Suite struct DomainEnumTests {
    @Test func aWrongWordNamesEveryAllowedValue() {
        #expect {
            try Position(parsing: "boss")
        } throws: { error in
            let message = (error as? FactoryError)?.message ?? ""
            return message.contains("'boss'") && message.contains("sex_boshligi") && message.contains("drabilka")
        }
    }

    @Test func theSpecsSpellingsAreTheRawValues() throws {
        #expect(try GateType(parsing: "gt_2_extruder") == .gt2Extruder)
        #expect(try StockTxnType(parsing: "REWORK_VT_IN") == .reworkVTIn)
        #expect(try PackageStatus(parsing: "draft_manual") == .draftManual)
        #expect(GateType.allCases.count == 8)
        #expect(Position.allCases.count == 11)
    }

    @Test func onlySeniorOperatorsMayHoldTwoLines() {
        #expect(Grade.katta.maximumOpenLines == 2)
        #expect(Grade.starshiy.maximumOpenLines == 2)
        #expect(Grade.kichik.maximumOpenLines == 1)
        #expect(Grade.stajor.maximumOpenLines == 1)
    }
}
