import Foundation

/// Runs one kiosk effect (a service call) off the loop's thread, so that a database that takes
/// its time never freezes the screen: the loop keeps reading keys and drawing, shows that it
/// is waiting, and picks the answer up when it comes. One effect at a time, in order.
final class EffectRunner<Answer>: @unchecked Sendable {
    private let lock = NSLock()
    private var answer: Answer?
    private(set) var started: ContinuousClock.Instant?

    var isRunning: Bool { lock.withLock { started != nil } }

    /// Starts `work` on a thread of its own; the caller checks `take()` for its answer.
    func start(_ work: @escaping () -> Answer) {
        lock.withLock {
            precondition(started == nil, "one effect at a time")
            started = ContinuousClock.now
            answer = nil
        }
        let job = UncheckedJob(work)
        let thread = Thread { [self] in
            let result = job.work()
            lock.withLock { answer = result }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The answer, once the effect has finished; the runner is then free for the next.
    func take() -> Answer? {
        lock.withLock {
            guard let result = answer else { return nil }
            answer = nil
            started = nil
            return result
        }
    }

    /// How long the effect under way has been running.
    func elapsed() -> Duration? {
        lock.withLock { started.map { ContinuousClock.now - $0 } }
    }
}

/// The loop's effect closure handed to the runner's thread. The loop waits for its answer
/// before starting another, so the closure never runs twice at once.
private struct UncheckedJob<Answer>: @unchecked Sendable {
    let work: () -> Answer
    init(_ work: @escaping () -> Answer) { self.work = work }
}
