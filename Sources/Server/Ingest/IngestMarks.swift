import FactoryCore
import Synchronization

/// How far each device's readings have been stored, as this server saw them: the highest
/// (boot, seq) of a batch it wrote. A batch entirely at or below its device's mark is most likely
/// a gateway sending again what it had no answer for; it is checked on the reading side first
/// and, when every reading is there, answered without entering the write lane. A batch above the
/// mark (the usual case) goes straight to the lane, with no extra query. The marks are a hint
/// kept in memory: a restart forgets them and costs only that first check.
final class IngestMarks: Sendable {
    private let marks = Mutex<[String: ScaleReading.Key]>([:])

    /// True when every reading of the batch is at or below the device's mark.
    func mayBeStored(device: String, _ readings: [ScaleReading]) -> Bool {
        guard let mark = marks.withLock({ $0[device] }) else { return false }
        return readings.allSatisfy { $0.key <= mark }
    }

    /// The batch was stored (or found stored): the mark moves up to its highest reading.
    func stored(device: String, _ readings: [ScaleReading]) {
        guard let highest = readings.map(\.key).max() else { return }
        marks.withLock { marks in
            if marks[device].map({ $0 < highest }) ?? true { marks[device] = highest }
        }
    }
}
