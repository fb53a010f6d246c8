import FactoryCore
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL

/// Builds the HTTP application: middleware in the order a request meets it (trace and
/// metrics, errors as envelopes), the public routes, the device routes (signed by devices),
/// and everything else behind a user's access token.
public enum FactoryServer {
    public static func router(_ api: FactoryAPI) -> Router<FactoryRequestContext> {
        let router = Router(context: FactoryRequestContext.self)
        router.add(middleware: TraceMiddleware(metrics: api.metrics))
        router.add(middleware: ErrorMiddleware(metrics: api.metrics))
        SystemRoutes(api: api).add(to: router)

        let v1 = router.group("api/v1")
        AuthRoutes(api: api).addPublic(to: v1)
        IngestRoutes(api: api).addDeviceRoutes(to: v1)

        let signedIn = v1.group().add(middleware: AuthMiddleware(api: api))
        AuthRoutes(api: api).addProtected(to: signedIn)
        DeviceRoutes(api: api).add(to: signedIn)
        StockRoutes(api: api).add(to: signedIn)
        SessionRoutes(api: api).add(to: signedIn)
        PackageRoutes(api: api).add(to: signedIn)
        ReworkRoutes(api: api).add(to: signedIn)
        FinishedGoodsRoutes(api: api).add(to: signedIn)
        ControlRoutes(api: api).add(to: signedIn)
        LaterRoutes(api: api).add(to: signedIn)
        return router
    }

    /// The application `factory serve` runs: plain HTTP, or TLS 1.2+ with the given files.
    public static func application(_ api: FactoryAPI, logger: Logger) throws -> Application<RouterResponder<FactoryRequestContext>> {
        let configuration = ApplicationConfiguration(address: .hostname(api.settings.host, port: api.settings.port),
                                                     serverName: "isocom-factory")
        var server: HTTPServerBuilder = .http1()
        if let cert = api.settings.tlsCertificatePath, let key = api.settings.tlsKeyPath {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            tls.minimumTLSVersion = .tlsv12
            server = try .tls(.http1(), tlsConfiguration: tls)
        }
        return Application(router: router(api), server: server, configuration: configuration, logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, then lets requests in flight finish.
    public static func run(_ api: FactoryAPI, logger: Logger) async throws {
        try await application(api, logger: logger).runService()
        try await api.executor.shutdown()
    }
}
