import FactoryCore
import Foundation

/// The error body of every failed API call (spec §6.0; DECISIONS B19):
/// `{"success":false,"error":{"code","message","details"},"trace_id"}`.
public struct ErrorEnvelope: Encodable, Sendable, Equatable {
    public struct Body: Encodable, Sendable, Equatable {
        public let code: String
        public let message: String
        public let details: [String: String]
    }

    public let success = false
    public let error: Body
    public let traceID: String

    enum CodingKeys: String, CodingKey {
        case success, error
        case traceID = "trace_id"
    }

    public init(_ error: FactoryError, traceID: String) {
        var details = error.details
        // A gate block names its gate in `details.gate`; everything else carries its reason.
        if error.code != .gateBlocked, details["reason"] == nil, error.reason != error.code.rawValue {
            details["reason"] = error.reason
        }
        self.error = Body(code: error.code.rawValue, message: error.message, details: details)
        self.traceID = traceID
    }

    /// The one mapping from the product's error codes to HTTP statuses.
    public static func status(for error: FactoryError) -> Int {
        switch error.code {
        case .validationError: error.reason == "malformed_json" ? 400 : 422
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: error.reason == "method_not_allowed" ? 405 : 404
        case .gateBlocked, .businessConflict: 409
        case .payloadTooLarge: 413
        case .rateLimited: 429
        case .unavailable:
            switch error.reason {
            case "internal_error": 500
            case "not_implemented": 501
            default: 503
            }
        }
    }
}
