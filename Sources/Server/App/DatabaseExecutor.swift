import FactoryCore
import NIOPosix

/// The services are synchronous (SQLite and libpq block), so every call runs on threads of
/// its own, never on the event loops or Swift's cooperative threads: reads on a pool, changes
/// in the one write lane. Reads never queue behind changes waiting for the writer.
public struct DatabaseExecutor: Sendable {
    let readers: NIOThreadPool
    let writes: WriteLane
    /// Password and PIN checks, apart from the reads so that a flood of sign-ins starves none.
    let signIns: SignInPool

    public init(services: FactoryServices, readThreads: Int, signInQueue: Int = 32) {
        readers = NIOThreadPool(numberOfThreads: readThreads)
        readers.start()
        writes = WriteLane(services: services)
        signIns = SignInPool(threads: 2, capacity: signInQueue)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await readers.runIfActive(body)
    }

    func write<T: Sendable>(unguarded: Bool, _ body: @escaping @Sendable (any SQLConnection) throws -> Later<T>) async throws -> T {
        try await writes.run(unguarded: unguarded, ahead: { _ in .known(()) }) { db, _ in try body(db) }
    }

    /// A change that needs what `ahead` reads, which is sent with its group's first statements.
    func write<A, T: Sendable>(ahead: @escaping @Sendable (any SQLConnection) throws -> Later<A>,
                               _ body: @escaping @Sendable (any SQLConnection, Later<A>) throws -> Later<T>) async throws -> T {
        try await writes.run(unguarded: false, ahead: ahead, body)
    }

    public func shutdown() async throws {
        try await writes.shutdown()
        try await readers.shutdownGracefully()
        try await signIns.shutdown()
    }
}
