public enum ApprovalState: String, DomainEnum {
    case pending, approved, rejected
    public static let domainName = "approval.state"
}

/// What an approval allows (DIGEST §3 "Approvals").
public enum ApprovalType: String, DomainEnum {
    case manualWeight = "manual_weight"
    case manualLength = "manual_length"
    case reviewTolerance = "review_tolerance"
    case liveRecipeChange = "live_recipe_change"
    case reopenSession = "reopen_session"
    case kpiSnapshot = "kpi_snapshot"
    case payrollSnapshot = "payroll_snapshot"
    case manualWeightKPIOverride = "manual_weight_kpi_override"
    public static let domainName = "approval.type"
}

public enum AlertSeverity: String, DomainEnum {
    case p1 = "P1", p2 = "P2", p3 = "P3"
    public static let domainName = "alert.severity"
}

public enum AlertStatus: String, DomainEnum {
    case open, ack, closed
    public static let domainName = "alert.status"
}

public enum ReportJobStatus: String, DomainEnum {
    case queued, running, done, failed
    public static let domainName = "report_job.status"
}

public enum ReportType: String, DomainEnum {
    case kpiRollup = "kpi_rollup"
    case qcDefect = "qc_defect"
    case fgAging = "fg_aging"
    case rsTrusted = "rs_trusted"
    case reworkLoss = "rework_loss"
    case sessionDeltaWatch = "session_delta_watch"
    /// The handover sheet of one shift: per line its sessions and packages, the gates and
    /// approvals of the shift, and the scales that went silent.
    case shift
    public static let domainName = "report.type"
}

public enum ReportFormat: String, DomainEnum {
    case xlsx, csv, pdf
    public static let domainName = "report.format"
}
