import FactoryCore
import Foundation

/// What `factory serve` needs beyond the core configuration; validated before the server
/// binds a port so a bad value stops it with one line.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    public var jwtSecret: [UInt8]
    public var accessTokenSeconds: Int64
    public var refreshTokenSeconds: Int64 = 30 * 24 * 3600
    /// Requests per minute per signed-in user, and per device on the ingest.
    public var apiRateLimitPerMinute: Int
    public var ingestRateLimitPerMinute: Int
    /// Sign-in attempts per minute per client address and per username (`SIGN_IN_RATE_LIMIT_RPM`).
    public var signInRateLimitPerMinute: Int
    /// Sign-ins waiting for or in the password check at once; more are refused with 429.
    public var signInQueue = 32
    /// How far `X-Timestamp` of a signed ingest request may be from server time.
    public var ingestClockSkewSeconds: Int64 = 300
    public var ingestMaxEvents = 500
    public var ingestMaxBodyBytes = 256 * 1024
    public var apiMaxBodyBytes = 1024 * 1024
    /// A connection with no complete request part for this long is closed: an idle keep-alive,
    /// or a client stuck in its headers (slowloris).
    public var idleTimeoutSeconds: Int64 = 15
    /// A request's head and body must arrive within this long of the head.
    public var requestReadSeconds: Int64 = 30
    /// Open connections at most; more wait in the listen backlog.
    public var maxConnections = 1024
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?

    public init(configuration: Configuration, host: String = "127.0.0.1", port: Int = 8080,
                tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil) throws {
        guard (1...65535).contains(port) else {
            throw FactoryError.validation(field: "port", reason: "bad_port", "the port must be from 1 to 65535, got \(port)")
        }
        guard (tlsCertificatePath == nil) == (tlsKeyPath == nil) else {
            throw FactoryError.validation(field: "tls", reason: "tls_incomplete", "TLS needs both --tls-cert and --tls-key")
        }
        self.host = host
        self.port = port
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsKeyPath = tlsKeyPath
        jwtSecret = Array(try configuration.requireJWTSecret())
        apiRateLimitPerMinute = configuration.apiRateLimitRPM
        ingestRateLimitPerMinute = configuration.ingestRateLimitRPM
        signInRateLimitPerMinute = configuration.signInRateLimitRPM
        accessTokenSeconds = Int64(configuration.accessTokenMinutes) * 60
    }
}
