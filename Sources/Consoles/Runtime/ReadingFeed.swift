import FactoryCore
import Foundation

/// When the live weight must be read again: on PostgreSQL when a NOTIFY names the scale (it
/// arrives as the reading commits), on SQLite by light polling; either way once a second so
/// the reading's age on screen stays true.
final class ReadingFeed {
    private let device: String
    private let listener: PostgresListener?
    private let pollEvery: Duration
    private var last = ContinuousClock.now - .seconds(10)

    init(storage: StorageConfiguration, device: String) {
        self.device = device
        if case .postgres(let dsn) = storage, let listener = try? PostgresListener(dsn: dsn, channel: ScaleEvents.channel) {
            self.listener = listener
            pollEvery = .seconds(1)
        } else {
            listener = nil
            pollEvery = .milliseconds(250)
        }
    }

    /// Whether to read the latest reading now; called every turn of the kiosk loop.
    func due() -> Bool {
        var announced = false
        if let listener, let heard = try? listener.wait(timeout: .zero) {
            announced = heard.contains { $0.payload == device }
        }
        guard announced || ContinuousClock.now - last >= pollEvery else { return false }
        last = ContinuousClock.now
        return true
    }
}
