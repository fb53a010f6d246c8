import FactoryCore
import NIOPosix
import Synchronization

/// Every change the API makes goes through this lane. The writer thread takes all the changes
/// that are waiting and writes them as one group commit (`FactoryServices.performEach`):
/// twenty stations pressing "pack" at once, or a burst of scale readings, cost one commit and
/// no fight over the database's writer, and each change still succeeds or fails alone. At the
/// floor's everyday load every change is its own transaction, as before.
///
/// One writer thread on both engines: SQLite has one writer anyway, and on PostgreSQL two
/// groups written side by side can take the same keys in opposite orders (the same reading
/// sent twice at once) and deadlock, which a single writer cannot.
final class WriteLane: Sendable {
    private struct Job: Sendable {
        let ahead: @Sendable (any SQLConnection) throws -> Void
        let body: @Sendable (any SQLConnection) throws -> Void
        let answered: @Sendable () throws -> Void
        let unguarded: Bool
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct Queue: ~Copyable {
        var waiting: [Job] = []
        var writing = false
    }

    /// Most changes in one transaction: a long queue is written in several commits, so the
    /// first change waiting never waits for a hundred more.
    static let groupLimit = 64

    private let queue = Mutex(Queue())
    private let services: FactoryServices
    private let thread: NIOThreadPool

    init(services: FactoryServices) {
        self.services = services
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
    }

    /// Writes a change whose answer is read once its statements are answered (see
    /// `GroupMember.answered`): unguarded changes waiting together reach PostgreSQL together.
    /// - Parameters:
    ///   - unguarded: no savepoint of its own in a group (see `GroupMember`).
    ///   - ahead: reads sent with the group's first statements (`GroupMember.ahead`), whose
    ///     answers `body` reads.
    func run<A, T: Sendable>(unguarded: Bool, ahead: @escaping @Sendable (any SQLConnection) throws -> Later<A>,
                             _ body: @escaping @Sendable (any SQLConnection, Later<A>) throws -> Later<T>) async throws -> T {
        let result = Answer<T>()
        let sent = Sent<T>()
        let asked = Sent<A>()
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let job = Job(ahead: { db in asked.later = try ahead(db) }, body: { db in sent.later = try body(db, asked.later!) },
                          answered: { result.keep(try sent.later!.get()) }, unguarded: unguarded,
                          finish: { error in if let error { done.resume(throwing: error) } else { done.resume() } })
            let start = queue.withLock { queue in
                queue.waiting.append(job)
                defer { queue.writing = true }
                return !queue.writing
            }
            if start { thread.submit { [self] _ in drain() } }
        }
        return result.take()
    }

    func shutdown() async throws {
        try await thread.shutdownGracefully()
    }

    /// Runs on the writer thread until nothing is waiting.
    private func drain() {
        while true {
            let group: [Job] = queue.withLock { queue in
                guard !queue.waiting.isEmpty else {
                    queue.writing = false
                    return []
                }
                let taken = Array(queue.waiting.prefix(Self.groupLimit))
                queue.waiting.removeFirst(taken.count)
                return taken
            }
            guard !group.isEmpty else { return }
            let members = group.map { GroupMember(unguarded: $0.unguarded, ahead: $0.ahead, $0.body, answered: $0.answered) }
            for (job, error) in zip(group, services.performEach(members)) { job.finish(error) }
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

/// What a change sent, between its body and the reading of its answers (or its reads sent
/// ahead, between the group's start and its body); both run on the lane's one thread, one
/// after the other.
private final class Sent<T>: @unchecked Sendable {
    var later: Later<T>?
}
