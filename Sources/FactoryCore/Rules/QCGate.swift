/// Whether OTK may decide a package now (spec §3 M6; DECISIONS B9): only a package waiting for
/// QC, and not while it is still degassing (the `degaz_gate`). A decided package never changes.
public enum QCGate {
    public enum Verdict: Equatable, Sendable {
        case decide
        /// Already OK, partial, rejected, received or ground.
        case alreadyDecided
        /// Not yet packed for QC (typed and unapproved, in review, on hold).
        case notAwaitingQC
        case refuse(GateType)
    }

    public static func check(status: PackageStatus, degassingPending: Bool) -> Verdict {
        if status.isDecided { return .alreadyDecided }
        guard status == .awaitingQC else { return .notAwaitingQC }
        return degassingPending ? .refuse(.degazGate) : .decide
    }
}
