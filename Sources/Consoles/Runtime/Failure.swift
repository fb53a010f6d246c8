import FactoryCore

/// What a kiosk shows of a failed service call: the product's error code, the gate when a gate
/// stopped it, and the service's message. Made once from any error, drawn once by `Chrome`.
public struct Failure: Sendable, Equatable {
    public let code: String
    public let gate: String?
    public let message: String

    public init(code: String, gate: String? = nil, message: String) {
        self.code = code
        self.gate = gate
        self.message = message
    }

    public init(_ error: any Error) {
        if let error = error as? FactoryError {
            self.init(code: error.code.rawValue, gate: error.details["gate"], message: error.message)
        } else {
            self.init(code: ErrorCode.unavailable.rawValue, message: "\(error)")
        }
    }
}
