import FactoryCore
import Logging

/// Everything the handlers share: the services, the settings, the token issuers, the rate
/// limiters and the metrics, and the one way to reach the database off the event loop.
public struct FactoryAPI: Sendable {
    public let services: FactoryServices
    public let settings: ServerSettings
    public let executor: DatabaseExecutor
    public let accessTokens: AccessTokens
    public let refreshTokens: RefreshTokens
    public let devices: DeviceService
    let deviceKeys: DeviceKeys
    public let metrics: ServerMetrics
    let apiLimiter: RateLimiter
    let ingestLimiter: RateLimiter
    public let logger: Logger

    public init(services: FactoryServices, settings: ServerSettings, metrics: ServerMetrics = ServerMetrics(),
                databaseThreads: Int = 8, logger: Logger = Logger(label: "factory.api")) async {
        self.services = services
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        executor = DatabaseExecutor(services: services, readThreads: databaseThreads)
        accessTokens = await AccessTokens(secret: settings.jwtSecret, clock: services.clock, lifetimeSeconds: settings.accessTokenSeconds)
        refreshTokens = RefreshTokens(clock: services.clock, lifetimeSeconds: settings.refreshTokenSeconds)
        devices = DeviceService(audit: services.audit)
        deviceKeys = DeviceKeys(clock: services.clock)
        apiLimiter = RateLimiter(perMinute: settings.apiRateLimitPerMinute, clock: services.clock)
        ingestLimiter = RateLimiter(perMinute: settings.ingestRateLimitPerMinute, clock: services.clock)
    }

    /// One business action in one transaction, written with whatever else is waiting in the
    /// write lane's next group commit (gate hits kept, see `FactoryServices.performEach`).
    /// `unguarded` is for changes that all but never fail (see `GroupMember`).
    public func write<T: Sendable>(unguarded: Bool = false, _ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await executor.write(unguarded: unguarded) { db in .known(try body(db)) }
    }

    /// As `write`, for a change that sends its statements ahead (`SQLConnection.send`) and
    /// reads their answers later: unguarded ones waiting in the lane together cost PostgreSQL
    /// one round trip between them.
    public func write<T: Sendable>(unguarded: Bool = false, sending body: @escaping @Sendable (any SQLConnection) throws -> Later<T>) async throws -> T {
        try await executor.write(unguarded: unguarded, body)
    }

    /// A read-only look at the data.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let database = services.database
        return try await executor.read { try database.read(body) }
    }
}
