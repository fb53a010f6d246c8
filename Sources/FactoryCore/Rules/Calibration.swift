/// The calibration gate's rule (spec §19.5; DECISIONS B24): a scale whose calibration is due
/// before now, or was never recorded, may not weigh.
public enum Calibration {
    public static func isExpired(dueAt: Timestamp?, at now: Timestamp) -> Bool {
        guard let dueAt else { return true }
        return dueAt < now
    }
}
