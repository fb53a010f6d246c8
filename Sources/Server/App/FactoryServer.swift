import FactoryCore
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Builds the HTTP application: middleware in the order a request meets it (trace and
/// metrics, errors as envelopes), the public routes, the device routes (signed by devices),
/// and everything else behind a user's access token.
public enum FactoryServer {
    public static func router(_ api: FactoryAPI) -> Router<FactoryRequestContext> {
        let router = Router(context: FactoryRequestContext.self)
        router.add(middleware: TraceMiddleware(metrics: api.metrics))
        let methods = RouteMethods()
        router.add(middleware: ErrorMiddleware(routes: methods))
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
        KPIRoutes(api: api).add(to: signedIn)
        PayrollRoutes(api: api).add(to: signedIn)
        IntegrationRoutes(api: api).add(to: signedIn)
        FinishedGoodsRoutes(api: api).add(to: signedIn)
        ControlRoutes(api: api).add(to: signedIn)
        ReportRoutes(api: api).add(to: signedIn)
        AlertRoutes(api: api).add(to: signedIn)
        methods.record(router.routes.map { (path: $0.path.description, method: $0.method.rawValue) })
        return router
    }

    /// The application `factory serve` runs: plain HTTP, or TLS 1.2+ with the given files. A
    /// connection idle (or stuck in its headers) for `idleTimeoutSeconds` is closed, a request
    /// must arrive whole within `requestReadSeconds`, and at most `maxConnections` are open.
    public static func application(_ api: FactoryAPI, logger: Logger, address: BindAddress? = nil,
                                   onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        throws -> Application<RouterResponder<FactoryRequestContext>> {
        let settings = api.settings
        let configuration = ApplicationConfiguration(
            address: address ?? .hostname(settings.host, port: settings.port), serverName: "isocom-factory",
            availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections, logger: logger))
        let readLimit = TimeAmount.seconds(settings.requestReadSeconds)
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestReadDeadline(limit: readLimit)],
                                               idleTimeout: .seconds(settings.idleTimeoutSeconds))
        var server: HTTPServerBuilder = .http1(configuration: http1)
        if let cert = settings.tlsCertificatePath, let key = settings.tlsKeyPath {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            tls.minimumTLSVersion = .tlsv12
            server = try .tls(.http1(configuration: http1), tlsConfiguration: tls)
        }
        return Application(router: router(api), server: server, configuration: configuration,
                           onServerRunning: onServerRunning, logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, then lets requests in flight finish; the background
    /// services (the report worker, the alert monitor, and the Bitrix24 worker when a portal or a dry run is
    /// configured) run beside it.
    public static func run(_ api: FactoryAPI, logger: Logger) async throws {
        var app = try application(api, logger: logger)
        if let worker = try IntegrationWorker.configured(api: api, logger: Logger(label: "factory.bitrix24")) {
            app.addServices(worker)
        }
        app.addServices(ReportWorker(runner: api.reports, logger: Logger(label: "factory.reports")),
                        AlertMonitor(api: api, notifier: try AlertNotifier.configured(api: api, logger: Logger(label: "factory.alerts")),
                                     logger: Logger(label: "factory.alerts")))
        try await app.runService()
        try await api.executor.shutdown()
    }
}
