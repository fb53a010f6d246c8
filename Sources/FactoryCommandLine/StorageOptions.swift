import ArgumentParser
import FactoryCore
import Foundation

/// Where the data lives; flags win over the environment.
public struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite database file (default ./factory.db, or FACTORY_DB_PATH).")
    public var sqlitePath: String?

    @Option(name: .customLong("dsn"), help: "PostgreSQL URI; overrides DB_DSN (e.g. postgresql://user@127.0.0.1:5432/factory).")
    public var dsn: String?

    public init() {}

    /// The configuration of spec §13 with these flags applied.
    public func configuration(extra: [String: String] = [:]) throws -> Configuration {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        if let sqlitePath {
            environment["FACTORY_DB_PATH"] = sqlitePath
            if dsn == nil { environment["DB_DSN"] = nil }
        }
        if let dsn { environment["DB_DSN"] = dsn }
        return try Configuration(environment: environment)
    }

    /// Opens the configured database with its services for the length of `body`, reporting
    /// the product's errors as one line.
    public func withServices<T>(_ body: (FactoryServices) throws -> T) throws -> T {
        try reportingErrors {
            let services = try FactoryServices.open(try configuration())
            defer { services.database.close() }
            return try body(services)
        }
    }
}

/// Who is acting when a command is typed at the server's console.
public var consoleSource: AuditSource {
    let environment = ProcessInfo.processInfo.environment
    let account = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) }
    return .console(osUser: environment["SUDO_USER"] ?? environment["USER"] ?? account ?? "uid \(getuid())")
}

/// Runs a command body and turns the product's errors into one clear line and an exit code,
/// never a stack trace.
public func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let rejected as ImportRejected {
        printError(rejected.description)
        throw ExitCode(2)
    } catch let error as FactoryError {
        printError(error.message)
        switch error.code {
        case .validationError: throw ExitCode(2)
        case .unavailable: throw ExitCode(3)
        case .businessConflict, .gateBlocked: throw ExitCode(4)
        case .notFound: throw ExitCode(5)
        case .unauthorized, .forbidden: throw ExitCode(6)
        case .rateLimited, .payloadTooLarge: throw ExitCode(7)
        }
    }
}

public func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}
