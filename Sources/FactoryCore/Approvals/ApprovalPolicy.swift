/// The ordered steps of each approval type, as permissions of the one matrix
/// (DIGEST §3; DECISIONS B5, B21). Changing who approves what is a change here or in the matrix.
public enum ApprovalPolicy {
    /// Every permission that decides a step of some approval.
    public static var everyStep: [Permission] {
        var seen: [Permission] = []
        for type in ApprovalType.allCases { for step in steps(for: type) where !seen.contains(step) { seen.append(step) } }
        return seen
    }

    public static func steps(for type: ApprovalType) -> [Permission] {
        switch type {
        case .manualWeight, .manualLength, .manualWeightKPIOverride: [.manualEntryApprove]
        case .reviewTolerance: [.packageReviewDecide]
        case .liveRecipeChange: [.recipeLiveChangeApprove]
        case .reopenSession: [.reopenApproveShopHead, .reopenApproveTechnologist, .reopenApproveDirector]
        case .kpiSnapshot: [.kpiApprove]
        case .payrollSnapshot: [.payrollApprove]
        }
    }
}
