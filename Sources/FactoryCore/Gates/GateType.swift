/// The blocking gates of spec §23. Each is decided by a pure rule in `Rules/` (`FGGate`,
/// `QCGate`, `OperatorLimits`, `VTShare`, `Calibration`, …) and, when it stops something, is
/// written to the gate log beside this file.
public enum GateType: String, DomainEnum {
    case vtLimit = "vt_limit"
    case degazGate = "degaz_gate"
    case calibrationExpired = "calibration_expired"
    case gt2Extruder = "gt_2_extruder"
    case e3Qualification = "e3_qualification"
    case qcNotOKToFG = "qc_not_ok_to_fg"
    case nonRecyclableToRework = "non_recyclable_to_rework"
    case qrDuplicate = "qr_duplicate"
    public static let domainName = "gate.type"
}
