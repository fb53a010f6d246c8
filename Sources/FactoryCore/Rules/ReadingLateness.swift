/// When a scale reading is late (DECISIONS B24): it arrived more than the binding window after
/// the indicator took it, or the gateway's clock is not set. A late reading is stored and
/// counted but never bound, so that a weight from a buffer drained after an outage cannot be
/// taken for the load on the scale now.
public enum ReadingLateness {
    public static func isLate(takenAt deviceTime: Timestamp?, arrivedAt now: Timestamp, windowSeconds: Int64) -> Bool {
        guard let deviceTime else { return true }
        return now.seconds(since: deviceTime) > Double(windowSeconds)
    }
}
