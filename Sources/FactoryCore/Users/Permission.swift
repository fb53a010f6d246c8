/// Everything a person may be allowed to do. The names are stable: the API's
/// `GET /permissions` and the `permissions` mirror table show them.
public enum Permission: String, CaseIterable, Sendable, Codable {
    // M1/M2 stock
    case stockView = "stock.view"
    case stockShipMainToShop = "stock.ship_main_to_shop"
    case stockReceiveTransfer = "stock.receive_transfer"
    case stockShopSnapshot = "stock.shop_snapshot"
    case stockReturnShopToMain = "stock.return_shop_to_main"
    case stockIssueToSession = "stock.issue_to_session"
    case stockRequest = "stock.request"
    // M3 sessions and M7 balance
    case sessionView = "session.view"
    case sessionStart = "session.start"
    case sessionPauseResume = "session.pause_resume"
    case sessionClose = "session.close"
    case sessionReopenRequest = "session.reopen_request"
    case scrapRecord = "scrap.record"
    // M5 packing
    case packageCreate = "package.create"
    case packageReviewSubmit = "package.review_submit"
    case packageCorrect = "package.correct"
    case packageReviewDecide = "package.review_decide"
    case manualEntryApprove = "manual_entry.approve"
    // M6 QC
    case qcView = "qc.view"
    case qcDecide = "qc.decide"
    // M8 rework
    case reworkOperate = "rework.operate"
    case reworkFIFOLink = "rework.fifo_link"
    case reworkDispose = "rework.dispose"
    // M9 FG
    case fgReceive = "fg.receive"
    case fgView = "fg.view"
    case fgOnHoldRelease = "fg.onhold_release"
    case degassingSetDone = "degassing.set_done"
    // Recipes and master data
    case recipeManage = "recipe.manage"
    case recipeLiveChangeApprove = "recipe.live_change_approve"
    case masterDataImport = "masterdata.import"
    // Gates (DECISIONS B4: who releases which gate)
    case gateReleaseVTLimit = "gate.release.vt_limit"
    case gateReleaseDegaz = "gate.release.degaz_gate"
    case gateReleaseCalibration = "gate.release.calibration_expired"
    /// gt_2_extruder, e3_qualification, qc_not_ok_to_fg, qr_duplicate, non_recyclable_to_rework.
    case gateReleaseShopFloor = "gate.release.shop_floor"
    // Re-open steps, in order (DECISIONS B21)
    case reopenApproveShopHead = "reopen.approve.shop_head"
    case reopenApproveTechnologist = "reopen.approve.technologist"
    case reopenApproveDirector = "reopen.approve.director"
    // M10/M11
    case kpiGenerate = "kpi.generate"
    case kpiApprove = "kpi.approve"
    case payrollGenerate = "payroll.generate"
    case payrollApprove = "payroll.approve"
    case payrollExport = "payroll.export"
    case payrollViewPII = "payroll.view_pii"
    case integrationManage = "integration.manage"
    // M12–M15
    case deviceManage = "device.manage"
    case calibrationRecord = "calibration.record"
    case userManage = "user.manage"
    case auditView = "audit.view"
    case alertManage = "alert.manage"
    case dashboardView = "dashboard.view"
    case reportRun = "report.run"
}
