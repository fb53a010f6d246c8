import FactoryCore

/// What a kiosk shows of a failed service call: the product's error code, the gate when a gate
/// stopped it, and the stable reason below the code with the facts to fill its words. Made once
/// from any error, drawn once by `Chrome` in the kiosk's language; the service's English
/// `message` is kept for the log, never put on screen.
public struct Failure: Sendable, Equatable {
    public let code: String
    public let gate: String?
    public let reason: String
    public let details: [String: String]
    public let message: String

    public init(code: String, gate: String? = nil, reason: String? = nil, details: [String: String] = [:], message: String) {
        self.code = code
        self.gate = gate
        self.reason = reason ?? gate ?? code
        var facts = details
        // A lock says how long in minutes; the services give the seconds a client retries after.
        if let seconds = details["retry_after_s"].flatMap(Int.init) { facts["minutes"] = String((seconds + 59) / 60) }
        self.details = facts
        self.message = message
    }

    public init(_ error: any Error) {
        if let error = error as? FactoryError {
            self.init(code: error.code.rawValue, gate: error.details["gate"], reason: error.reason, details: error.details, message: error.message)
        } else {
            self.init(code: ErrorCode.unavailable.rawValue, message: "\(error)")
        }
    }

    /// Refusals that only say something is already done (a second press after a success, a
    /// double scan): told in the colour of information, never as a failure.
    public var isInformation: Bool { Self.informationReasons.contains(reason) }

    static let informationReasons: Set<String> = ["rs_already_bound", "already_received", "line_already_received"]
}
