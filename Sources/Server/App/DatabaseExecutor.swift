import NIOPosix

/// The services are synchronous (SQLite and libpq block), so every call runs on a pool of
/// threads of its own, never on the event loops or Swift's cooperative threads.
public struct DatabaseExecutor: Sendable {
    let pool: NIOThreadPool

    public init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    public func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}
