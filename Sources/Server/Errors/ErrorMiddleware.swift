import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every failure into the error envelope with the one status mapping, so no handler
/// writes an error body by hand. Unknown errors are logged with the trace id and answered
/// without their text (it may hold internals).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = FactoryRequestContext
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var failure = Self.factoryError(error)
            if failure.reason == "route_not_found", case let allowed = routes.allowed(for: request.uri.path), !allowed.isEmpty {
                failure = FactoryError(.notFound, reason: "method_not_allowed",
                                       "\(request.method.rawValue) is not served here; this endpoint takes \(allowed.joined(separator: ", "))",
                                       details: ["allow": allowed.joined(separator: ", ")])
            }
            if failure.reason == "internal_error" {
                context.logger.error("unexpected failure", metadata: ["trace_id": "\(context.traceID)", "error": "\(String(reflecting: error))"])
            } else if failure.code == .unavailable, failure.reason != "not_implemented" {
                // What failed inside (a database's host, port, user and name, a statement) is
                // for the integrator's log; the client learns only that it may try again.
                context.logger.error("service unavailable", metadata: ["trace_id": "\(context.traceID)", "reason": "\(failure.reason)",
                                                                       "error": "\(failure.message)"])
                failure = Self.publicUnavailable(failure)
            }
            return Self.response(failure, traceID: context.traceID)
        }
    }

    static func factoryError(_ error: any Error) -> FactoryError {
        switch error {
        case let error as FactoryError:
            return error
        case let error as HTTPError:
            switch error.status.code {
            case 404: return FactoryError(.notFound, reason: "route_not_found", "no such endpoint")
            case 405: return FactoryError(.notFound, reason: "method_not_allowed", "this endpoint does not take that method")
            case 413: return FactoryError(.payloadTooLarge, reason: "payload_too_large", "the body is too large")
            case 400..<500: return FactoryError(.validationError, reason: "malformed_request", error.body ?? "the request is malformed")
            default: return FactoryError(.unavailable, reason: "internal_error", "the server could not answer; the trace id is in the log")
            }
        default:
            return FactoryError(.unavailable, reason: "internal_error", "the server could not answer; the trace id is in the log")
        }
    }

    /// A 503 as a client sees it: the stable reason and a sentence that names no internals.
    static func publicUnavailable(_ failure: FactoryError) -> FactoryError {
        let storage = failure.reason.hasPrefix("database_") || failure.reason.hasPrefix("statement_")
            || ["bad_statement", "corrupt_row", "qr_sequence", "package_insert", "schema_outdated"].contains(failure.reason)
        let message = storage
            ? "database unavailable: try again in a moment; the trace id is in the server log"
            : "the server cannot do this now (\(failure.reason)); the trace id is in the server log"
        return FactoryError(.unavailable, reason: storage ? "database_unavailable" : failure.reason, message)
    }

    static func response(_ error: FactoryError, traceID: String) -> Response {
        let envelope = ErrorEnvelope(error, traceID: traceID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(envelope)) ?? Data(#"{"success":false}"#.utf8)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retry = error.details["retry_after_s"] { headers[.retryAfter] = retry }
        if let allow = error.details["allow"] { headers[.allow] = allow }
        let status = HTTPResponse.Status(code: ErrorEnvelope.status(for: error))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
