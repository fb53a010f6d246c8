import FactoryCore
import NIOPosix
import Synchronization

/// Checking a password is slow on purpose (bcrypt), so sign-ins run on threads of their own
/// with a short queue: a flood of sign-ins waits here or is refused with 429, while reads and
/// changes keep every thread they had.
public final class SignInPool: Sendable {
    private let threads: NIOThreadPool
    private let capacity: Int
    private let admitted = Atomic<Int>(0)

    public init(threads: Int, capacity: Int) {
        self.threads = NIOThreadPool(numberOfThreads: threads)
        self.threads.start()
        self.capacity = capacity
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        guard admitted.add(1, ordering: .relaxed).newValue <= capacity else {
            admitted.subtract(1, ordering: .relaxed)
            throw FactoryError(.rateLimited, reason: "sign_in_busy", "too many sign-ins at once: try again in a second",
                               details: ["retry_after_s": "1"])
        }
        defer { admitted.subtract(1, ordering: .relaxed) }
        return try await threads.runIfActive(body)
    }

    public func shutdown() async throws {
        try await threads.shutdownGracefully()
    }
}
