import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request a trace id (echoed in `X-Trace-Id` and in every error body), logs one
/// line per request with who, what and how long, and records the request histogram.
struct TraceMiddleware: RouterMiddleware {
    typealias Context = FactoryRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.traceID = UUID.random().lowercasedText
        context.logger[metadataKey: "trace_id"] = "\(context.traceID)"
        let started = DispatchTime.now().uptimeNanoseconds
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Only errors thrown outside the error middleware land here (it sits inside).
            response = ErrorMiddleware.response(ErrorMiddleware.factoryError(error), traceID: context.traceID)
        }
        response.headers[.traceID] = context.traceID
        let elapsed = Int64(DispatchTime.now().uptimeNanoseconds - started)
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, nanoseconds: elapsed)
        // A gateway's accepted readings arrive every second per device: they are debug lines;
        // every person's request and every refusal is an info line, a server failure an error.
        let status = response.status.code
        // 501 is a deliberate answer (a capability of a later version), not a failure.
        let level: Logger.Level = status >= 500 && status != 501 ? .error
            : (route.hasSuffix("/ingest/scale-events") && status < 300 ? .debug : .info)
        context.logger.log(level: level, "request", metadata: [
            "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(status)",
            "ms": "\(String(format: "%.2f", Double(elapsed) / 1_000_000))", "caller": "\(context.caller.value ?? "-")",
        ])
        return response
    }
}

extension HTTPField.Name {
    static let traceID = Self("X-Trace-Id")!
    static let deviceID = Self("X-Device-Id")!
    static let signature = Self("X-Signature")!
    static let signedAt = Self("X-Timestamp")!
}
