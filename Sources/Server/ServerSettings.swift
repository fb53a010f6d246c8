import FactoryCore

/// What `factory serve` needs beyond the core configuration; validated before the server
/// binds a port so a bad value stops it with one line.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    public var jwtSecret: [UInt8]

    public init(configuration: Configuration, host: String = "127.0.0.1", port: Int = 8080) throws {
        guard (1...65535).contains(port) else {
            throw FactoryError.validation(field: "port", reason: "bad_port", "the port must be from 1 to 65535, got \(port)")
        }
        self.host = host
        self.port = port
        jwtSecret = Array(try configuration.requireJWTSecret())
    }
}
