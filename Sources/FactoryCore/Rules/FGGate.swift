/// The FG gate (spec §3 M9, E2E-03; DECISIONS B9): only a QC-passed, degassed package that was
/// not received before comes into finished goods. A refusal names the root cause, the one
/// whose removal lets the next scan through: a package still degassing cannot have been
/// decided by QC either (degassing blocks the decision), so degassing is named first.
public enum FGGate {
    public enum Verdict: Equatable, Sendable {
        case receive
        /// The storekeeper scanned the roll they have just received once more: nothing to do,
        /// and nothing to hold (a double scan is not a second label).
        case alreadyReceived
        case refuse(GateType)
    }

    /// How long after receiving a roll a second scan of its label by the same storekeeper at
    /// the same store counts as a double scan. Later, elsewhere or by someone else, the same
    /// code on a roll is a second physical label: the `qr_duplicate` gate.
    public static let rescanWindowSeconds: Int64 = 5 * 60

    /// The receipt a received package carries: when, by whom, where.
    public struct Receipt: Equatable, Sendable {
        public let at: Timestamp
        public let by: String
        public let location: String

        public init(at: Timestamp, by: String, location: String) {
            (self.at, self.by, self.location) = (at, by, location)
        }
    }

    public static func check(status: PackageStatus, degassingPending: Bool, degazGate: Bool, receipt: Receipt? = nil,
                             scan: Receipt? = nil) -> Verdict {
        if status == .fgReceived {
            if let receipt, let scan, receipt.by == scan.by, receipt.location == scan.location,
               scan.at.seconds(since: receipt.at) <= Double(rescanWindowSeconds) {
                return .alreadyReceived
            }
            return .refuse(.qrDuplicate)
        }
        if degazGate, degassingPending { return .refuse(.degazGate) }
        return status == .qcOK ? .receive : .refuse(.qcNotOKToFG)
    }
}
