import FactoryCore
import Foundation

/// When a board must be read again: on PostgreSQL as soon as a change is announced on the
/// board's channel (at the writer's commit), and in any case every `fallback` so that what
/// depends on time alone (a scale silent for a minute) stays true; on SQLite, which cannot
/// announce, by polling every `poll`.
final class BoardFeed {
    private let listener: PostgresListener?
    private let every: Duration
    private var last = ContinuousClock.now - .seconds(3600)

    init(storage: StorageConfiguration, poll: Duration, fallback: Duration = .seconds(5)) {
        if case .postgres(let dsn) = storage, let listener = try? PostgresListener(dsn: dsn, channel: WallBoard.channel) {
            self.listener = listener
            every = fallback
        } else {
            listener = nil
            every = poll
        }
    }

    /// Whether to read the board now; called every turn of the kiosk loop.
    func due() -> Bool {
        let announced = (try? listener?.wait(timeout: .zero).isEmpty == false) ?? false
        guard announced || ContinuousClock.now - last >= every else { return false }
        last = ContinuousClock.now
        return true
    }
}
