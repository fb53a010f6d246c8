public enum SessionStatus: String, DomainEnum {
    case opened, paused, closed
    public static let domainName = "session.status"
}

/// Package states of DECISIONS B7.
public enum PackageStatus: String, DomainEnum {
    case draftManual = "draft_manual"
    case review
    case awaitingQC = "awaiting_qc"
    case qcOK = "qc_ok"
    case qcPartial = "qc_partial"
    case qcReject = "qc_reject"
    case fgReceived = "fg_received"
    case onHold = "on_hold"
    case reworked
    public static let domainName = "package.status"

    /// QC has spoken (or the package moved on past it): weight, length and decision are frozen.
    public var isDecided: Bool {
        switch self {
        case .qcOK, .qcPartial, .qcReject, .fgReceived, .reworked: true
        case .draftManual, .review, .awaitingQC, .onHold: false
        }
    }
}

public enum ToleranceStatus: String, DomainEnum {
    case ok, review
    public static let domainName = "tolerance_status"
}

public enum LengthMode: String, DomainEnum {
    case auto, manual
    public static let domainName = "length_mode"
}

public enum QCDecision: String, DomainEnum {
    case ok, partial, reject
    public static let domainName = "qc.decision"
}

public enum DegazStatus: String, DomainEnum {
    case pending, done
    public static let domainName = "degaz_status"
}

public enum ReworkOrderType: String, DomainEnum {
    case reworkHard = "rework_hard"
    case reworkSoft = "rework_soft"
    public static let domainName = "rework_order.type"
}

public enum ReworkOrderStatus: String, DomainEnum {
    case opened, closed
    public static let domainName = "rework_order.status"
}

/// Where a piece of scrap attributed to a session came from (DECISIONS B11).
public enum ScrapSource: String, DomainEnum {
    case container
    case rejectedPackage = "rejected_package"
    case partialReject = "partial_reject"
    public static let domainName = "scrap.source"
}
