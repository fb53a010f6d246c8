/// The status a package is created in (spec §3 M5; DECISIONS B7, B10), from its tolerance
/// verdict and how its weight and length were taken: an SKU without a weight norm cannot be
/// judged and is held; a typed weight or length waits for the shop head's approval first; a
/// tolerance breach waits for review; a package in tolerance goes to OTK.
public enum PackedStatus {
    public static func after(_ verdict: Tolerance.Verdict, weightTrusted: Bool, lengthMode: LengthMode) -> PackageStatus {
        switch verdict {
        case .noConversion: .onHold
        case _ where !weightTrusted || lengthMode == .manual: .draftManual
        case .review: .review
        case .ok: .awaitingQC
        }
    }
}
