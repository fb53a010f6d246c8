import Foundation

/// The line this process's SQLite writers wait in, which the checkpointer can step into.
///
/// A plain mutex is not fair: a writer that commits back to back (the group-commit lane
/// under a sustained ingest) unlocks and locks again before a waiting thread wakes, so the
/// checkpointer waited most of a second for its turn. A checkpoint first closes the turnstile,
/// so writers that come after it wait there; it then takes the writer's lock as soon as the
/// transaction in progress ends.
final class WriterQueue: @unchecked Sendable {
    private let turnstile = NSLock()
    private let lock = NSLock()

    /// Runs `body` as this process's one writer.
    func write<T>(_ body: () throws -> T) rethrows -> T {
        turnstile.lock()
        turnstile.unlock()
        return try lock.withLock(body)
    }

    /// Runs `body` ahead of every writer still waiting, once the writer in progress is done.
    func cutIn(_ body: () -> Void) {
        turnstile.withLock { lock.withLock(body) }
    }
}
