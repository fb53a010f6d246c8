import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation
import Logging
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (/api/v1), the signed scale ingest, /health and /metrics.",
        discussion: """
            Needs SERVER_SECRET, QC_SECRET and JWT_SECRET (each at least 32 bytes). TLS 1.2+ is served \
            directly with --tls-cert and --tls-key, or put the server behind a reverse proxy (see README). \
            Logs are one line per request with its trace id; LOG_LEVEL=debug says more.
            """)

    @OptionGroup var storage: StorageOptions

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain; serves HTTPS (TLS 1.2+).") var tlsCertificate: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key of the certificate.") var tlsKey: String?
    @Option(name: .customLong("db-threads"), help: "Threads that run database reads (every change goes through the one write lane).") var databaseThreads = 8

    func run() async throws {
        let (services, settings) = try reportingErrors {
            let configuration = try storage.configuration()
            let settings = try ServerSettings(configuration: configuration, host: host, port: port,
                                              tlsCertificatePath: tlsCertificate, tlsKeyPath: tlsKey)
            return (try FactoryServices.open(configuration), settings)
        }
        defer { services.database.close() }
        var logger = Logger(label: "factory.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let api = await FactoryAPI(services: services, settings: settings, databaseThreads: databaseThreads, logger: logger)
        logger.info("serving", metadata: ["address": "\(settings.tlsCertificatePath == nil ? "http" : "https")://\(host):\(port)",
                                          "database": "\(services.database.backend.rawValue)"])
        do {
            try await FactoryServer.run(api, logger: logger)
        } catch {
            printError("the server stopped: \(error)")
            throw ExitCode(3)
        }
    }
}
