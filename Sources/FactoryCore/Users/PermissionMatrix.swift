/// The one permission matrix (DECISIONS B4): which position may do what. Every check in the
/// server, the kiosks and the services asks this table; nothing else grants a right.
public enum PermissionMatrix {
    public static let grants: [Position: Set<Permission>] = [
        .direktor: [
            .stockView, .sessionView, .qcView, .fgView, .dashboardView, .reportRun, .auditView,
            .reopenApproveDirector, .kpiApprove, .payrollApprove, .payrollViewPII,
            .gateReleaseCalibration, .userManage, .alertManage,
        ],
        .texnolog: [
            .stockView, .sessionView, .qcView, .fgView, .dashboardView, .reportRun,
            .recipeManage, .recipeLiveChangeApprove, .gateReleaseVTLimit, .gateReleaseDegaz,
            .degassingSetDone, .reopenApproveTechnologist, .masterDataImport,
        ],
        .sexBoshligi: [
            // The shop head feeds a session from SHOP at the console, as the shop storekeeper does.
            .stockView, .stockRequest, .stockIssueToSession, .sessionView, .sessionStart, .sessionPauseResume, .sessionClose,
            .sessionReopenRequest, .scrapRecord, .packageReviewDecide, .packageCorrect, .manualEntryApprove,
            .qcView, .fgView, .fgOnHoldRelease, .gateReleaseShopFloor, .gateReleaseDegaz,
            .degassingSetDone, .reworkFIFOLink, .reworkDispose, .reopenApproveShopHead,
            .kpiGenerate, .kpiApprove, .dashboardView, .reportRun, .alertManage,
        ],
        .operator: [
            .sessionView, .sessionPauseResume, .scrapRecord, .packageCreate, .packageReviewSubmit,
            .packageCorrect, .dashboardView,
        ],
        .shopOp: [
            .stockView, .stockReceiveTransfer, .stockShopSnapshot, .stockReturnShopToMain,
            .stockIssueToSession, .sessionView,
        ],
        .mainOmbor: [
            .stockView, .stockShipMainToShop, .stockReceiveTransfer, .stockReturnShopToMain,
        ],
        .fgOmbor: [
            .fgView, .fgReceive, .qcView,
        ],
        .otk: [
            .qcView, .qcDecide, .sessionView, .fgView,
        ],
        .moliya: [
            .kpiGenerate, .kpiApprove, .payrollGenerate, .payrollApprove, .payrollExport,
            .payrollViewPII, .reportRun, .dashboardView,
        ],
        .integrator: [
            .integrationManage, .deviceManage, .calibrationRecord, .gateReleaseCalibration,
            .masterDataImport, .userManage, .auditView, .alertManage, .dashboardView,
        ],
        .drabilka: [
            .reworkOperate, .reworkFIFOLink, .reworkDispose, .sessionView,
        ],
    ]

    public static func allows(_ position: Position, _ permission: Permission) -> Bool {
        grants[position]?.contains(permission) ?? false
    }

    /// Throws `forbidden` naming the missing permission.
    public static func require(_ actor: Actor, _ permission: Permission) throws {
        try require(actor.position, permission)
    }

    /// For an action whose permission depends on its object: at least one of them. The
    /// refusal names them all, comma-separated.
    public static func require(_ position: Position, oneOf permissions: [Permission]) throws {
        guard !permissions.contains(where: { allows(position, $0) }) else { return }
        guard permissions.count > 1 else { return try require(position, permissions[0]) }
        throw FactoryError.forbidden("\(position.rawValue) may not do this",
                                     details: ["permission": permissions.map(\.rawValue).joined(separator: ","), "role": position.rawValue])
    }

    public static func require(_ position: Position, _ permission: Permission) throws {
        guard allows(position, permission) else {
            throw FactoryError.forbidden(
                "\(position.rawValue) may not \(permission.rawValue)",
                details: ["permission": permission.rawValue, "role": position.rawValue])
        }
    }

    /// The positions that hold a permission, for messages such as "ask the shop head".
    public static func holders(of permission: Permission) -> [Position] {
        Position.allCases.filter { allows($0, permission) }
    }
}
