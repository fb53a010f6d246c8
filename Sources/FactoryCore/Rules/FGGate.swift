/// The FG gate (spec §3 M9, E2E-03; DECISIONS B9): only a QC-passed, degassed package that was
/// not received before comes into finished goods. A refusal names the root cause, the one
/// whose removal lets the next scan through: a package still degassing cannot have been
/// decided by QC either (degassing blocks the decision), so degassing is named first.
public enum FGGate {
    public enum Verdict: Equatable, Sendable {
        case receive
        case refuse(GateType)
    }

    public static func check(status: PackageStatus, degassingPending: Bool, degazGate: Bool) -> Verdict {
        if status == .fgReceived { return .refuse(.qrDuplicate) }
        if degazGate, degassingPending { return .refuse(.degazGate) }
        return status == .qcOK ? .receive : .refuse(.qcNotOKToFG)
    }
}
