import Foundation
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
    /// Report jobs run beside the API (`ReportWorker`) and their files served by `ReportRoutes`.
    public let reports: ReportRunner
    let apiLimiter: RateLimiter
    /// Sign-ins per client address and per username, before any password is hashed.
    let signInLimiter: RateLimiter
    let ingestLimiter: RateLimiter
    let ingestMarks = IngestMarks()
    public let logger: Logger

    public init(services: FactoryServices, settings: ServerSettings, metrics: ServerMetrics = ServerMetrics(),
                databaseThreads: Int = 8, logger: Logger = Logger(label: "factory.api")) async {
        self.services = services
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        executor = DatabaseExecutor(services: services, readThreads: databaseThreads, signInQueue: settings.signInQueue)
        accessTokens = await AccessTokens(secret: settings.jwtSecret, clock: services.clock, lifetimeSeconds: settings.accessTokenSeconds)
        refreshTokens = RefreshTokens(clock: services.clock, lifetimeSeconds: settings.refreshTokenSeconds)
        devices = DeviceService(audit: services.audit)
        reports = ReportRunner(services: services, directory: URL(fileURLWithPath: services.configuration.reportDirectory), words: .shipped())
        deviceKeys = DeviceKeys(clock: services.clock)
        apiLimiter = RateLimiter(perMinute: settings.apiRateLimitPerMinute, clock: services.clock)
        signInLimiter = RateLimiter(perMinute: settings.signInRateLimitPerMinute, clock: services.clock)
        ingestLimiter = RateLimiter(perMinute: settings.ingestRateLimitPerMinute, clock: services.clock)
    }

    /// One business action in one transaction, written with whatever else is waiting in the
    /// write lane's next group commit (gate hits kept, see `FactoryServices.performEach`).
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await executor.write(unguarded: false) { db in .known(try body(db)) }
    }

    /// As `write`, for a change that sends its statements ahead (`SQLConnection.send`) and
    /// reads their answers later: unguarded ones (changes that all but never fail, see
    /// `GroupMember`) waiting in the lane together cost PostgreSQL one round trip between them.
    public func write<T: Sendable>(unguarded: Bool = false, sending body: @escaping @Sendable (any SQLConnection) throws -> Later<T>) async throws -> T {
        try await executor.write(unguarded: unguarded, body)
    }

    /// A read-only look at the data.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let database = services.database
        return try await executor.read { try database.read(body) }
    }

    /// One query that is its own snapshot (`Database.readStatement`), on the read pool.
    public func readStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let database = services.database
        return try await executor.read { try database.readStatement(body) }
    }

    /// A read that checks a password or PIN, on the sign-in threads (`SignInPool`).
    func signInRead<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let database = services.database
        return try await executor.signIns.run { try database.read(body) }
    }

    /// `read` for the person signed in to the request, whose account is read in the same
    /// snapshot: no hop of its own to the database, and a disabled account stops at once.
    func read<T: Sendable>(as context: FactoryRequestContext,
                           _ body: @escaping @Sendable (any SQLConnection, Actor) throws -> T) async throws -> T {
        let userID = try context.requireSignedIn()
        let (users, caller) = (services.users, context.caller)
        return try await read { db in try body(db, try Self.actor(try users.ask(db, id: userID), caller)) }
    }

    /// `write` for the person signed in to the request, whose account is read in the same
    /// transaction: the read is sent with the first statements of the lane's group, so it
    /// costs PostgreSQL no round trip of its own, and a disabled account stops at once.
    func write<T: Sendable>(as context: FactoryRequestContext,
                            _ body: @escaping @Sendable (any SQLConnection, Actor) throws -> T) async throws -> T {
        try await write(as: context, sending: { db, actor in .known(try body(db, actor)) })
    }

    /// As above, for a change that sends its last statements ahead and reads their answers
    /// later (`PackageService.send`): they travel with the next change's first statements.
    func write<T: Sendable>(as context: FactoryRequestContext,
                            sending body: @escaping @Sendable (any SQLConnection, Actor) throws -> Later<T>) async throws -> T {
        let userID = try context.requireSignedIn()
        let (users, caller) = (services.users, context.caller)
        return try await executor.write(ahead: { db in try users.ask(db, id: userID) }) { db, asked in
            try body(db, try Self.actor(asked, caller))
        }
    }

    /// The signed-in person, for a handler that needs no other data.
    func signedIn(_ context: FactoryRequestContext) async throws -> Actor {
        try await read(as: context) { _, actor in actor }
    }

    /// The token's account as it is now: gone or disabled since the token was issued is 401.
    private static func actor(_ asked: Later<User>, _ caller: FactoryRequestContext.Caller) throws -> Actor {
        let user: User
        do { user = try asked.get() } catch let error as FactoryError where error.code == .notFound {
            throw FactoryError(.unauthorized, reason: "bad_token", "the access token is not valid: sign in again")
        }
        guard user.status == .active else {
            throw FactoryError(.unauthorized, reason: "user_disabled", "this account is disabled")
        }
        caller.set(user.username)
        return Actor(user)
    }
}
