import FactoryCore
import NIOPosix
import Synchronization

/// Every change the API makes goes through this lane. A writer thread takes all the changes
/// that are waiting and writes them as one group commit (`FactoryServices.performEach`):
/// twenty stations pressing "pack" at once, or a burst of scale readings, cost one commit and
/// no fight over the database's writer, and each change still succeeds or fails alone. At the
/// floor's everyday load every change is its own transaction, as before.
///
/// SQLite has one writer, so the lane has one writer thread. PostgreSQL lets transactions
/// write side by side, and each of its statements is a round trip, so there the lane runs a
/// few writer threads, each taking the next group.
final class WriteLane: Sendable {
    private struct Job: Sendable {
        let body: @Sendable (any SQLConnection) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct Queue: ~Copyable {
        var waiting: [Job] = []
        var writers = 0
    }

    /// Most changes in one transaction: a long queue is written in several commits, so the
    /// first change waiting never waits for a hundred more.
    static let groupLimit = 64

    private let queue = Mutex(Queue())
    private let services: FactoryServices
    private let writers: Int
    private let threads: NIOThreadPool

    init(services: FactoryServices, postgresWriters: Int = 2) {
        self.services = services
        writers = services.database.backend == .sqlite ? 1 : postgresWriters
        threads = NIOThreadPool(numberOfThreads: writers)
        threads.start()
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let result = Answer<T>()
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let job = Job(body: { db in result.keep(try body(db)) },
                          finish: { error in if let error { done.resume(throwing: error) } else { done.resume() } })
            let start = queue.withLock { queue in
                queue.waiting.append(job)
                guard queue.writers < writers else { return false }
                queue.writers += 1
                return true
            }
            if start { threads.submit { [self] _ in drain() } }
        }
        return result.take()
    }

    func shutdown() async throws {
        try await threads.shutdownGracefully()
    }

    /// Runs on a writer thread until nothing is waiting.
    private func drain() {
        while true {
            let group: [Job] = queue.withLock { queue in
                guard !queue.waiting.isEmpty else {
                    queue.writers -= 1
                    return []
                }
                let taken = Array(queue.waiting.prefix(Self.groupLimit))
                queue.waiting.removeFirst(taken.count)
                return taken
            }
            guard !group.isEmpty else { return }
            for (job, error) in zip(group, services.performEach(group.map(\.body))) { job.finish(error) }
        }
    }
}

/// What a change returned, handed from the lane's thread to the waiting task; a change that
/// was written again alone (see `Database.writeEach`) keeps its last answer.
private final class Answer<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)

    func keep(_ answer: T) { value.withLock { $0 = answer } }

    func take() -> T {
        value.withLock { $0! }
    }
}
