/// The error codes of the specification (DECISIONS B19). Each maps once to an HTTP status and
/// once to a kiosk banner; nothing else decides how an error is shown.
public enum ErrorCode: String, Sendable, CaseIterable, Codable {
    case validationError = "validation_error"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case gateBlocked = "gate_blocked"
    case businessConflict = "business_conflict"
    case rateLimited = "rate_limited"
    case payloadTooLarge = "payload_too_large"
    /// Something outside the caller's control (database unreachable, misconfiguration).
    case unavailable
}

/// The one error type every FactoryCore service throws.
///
/// `reason` is a stable machine word below the code (`negative_value`, `delta_exceeded`,
/// `rs_not_found_in_window`); `message` is for people; `details` carries the facts a client
/// needs to act (the gate, the field, the limit).
public struct FactoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var reason: String
    public var message: String
    public var details: [String: String]

    public init(_ code: ErrorCode, reason: String, _ message: String, details: [String: String] = [:]) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    public var description: String { "\(code.rawValue)/\(reason): \(message)" }

    public static func validation(field: String, reason: String, _ message: String) -> FactoryError {
        FactoryError(.validationError, reason: reason, message, details: ["field": field])
    }

    public static func notFound(_ what: String, _ key: String) -> FactoryError {
        FactoryError(.notFound, reason: "\(what)_not_found", "\(what) '\(key)' does not exist",
                     details: ["object_type": what, "key": key])
    }

    public static func gate(_ gate: GateType, _ message: String, details: [String: String] = [:]) -> FactoryError {
        var all = details
        all["gate"] = gate.rawValue
        return FactoryError(.gateBlocked, reason: gate.rawValue, message, details: all)
    }

    public static func conflict(_ reason: String, _ message: String, details: [String: String] = [:]) -> FactoryError {
        var all = details
        all["reason"] = reason
        return FactoryError(.businessConflict, reason: reason, message, details: all)
    }

    public static func forbidden(_ message: String, details: [String: String] = [:]) -> FactoryError {
        FactoryError(.forbidden, reason: "forbidden", message, details: details)
    }

    public static func unavailable(_ reason: String, _ message: String) -> FactoryError {
        FactoryError(.unavailable, reason: reason, message)
    }
}
