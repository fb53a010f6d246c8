import FactoryCore

/// A refusal of the Bitrix24 REST API in its own envelope (`{"error":"CODE","error_description":"…"}`)
/// or a transport failure, and what the client does about it. The table is the research note's
/// (§4): a request the portal did not run is retried after a pause; one it may have run is
/// reconciled by its key, never repeated blind; a configuration fault stops the queue.
public struct Bitrix24Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Disposition: Sendable, Equatable {
        /// Not run: wait (the portal's budget or a passing fault), then send again.
        case backOff
        /// The method's operating time is spent: wait until the portal's reset moment.
        case waitUntilReset
        /// The portal may or may not have run it (5xx, timeout, dropped answer): a read is sent
        /// again; a write is looked up by its key first.
        case unknownOutcome
        /// The record is there already (`ERROR_ELEMENT_ALREADY_EXISTS`): look it up by its key.
        case alreadyExists
        /// The token expired: renew it, then replay once.
        case renewToken
        /// Wrong credentials, scope, plan or method, or a block by support: no retry helps.
        case fatal
        /// The method refused these parameters: no retry helps.
        case refused
    }

    /// The HTTP status, 0 for a transport failure.
    public let status: Int
    public let code: String
    public let message: String
    /// `time.operating_reset_at` of a 429, Unix seconds.
    public let resetAt: Int64?

    public init(status: Int, code: String, message: String, resetAt: Int64? = nil) {
        (self.status, self.code, self.message, self.resetAt) = (status, code, message, resetAt)
    }

    public var description: String { "Bitrix24 \(status == 0 ? "transport" : String(status)) \(code): \(message)" }

    public var disposition: Disposition {
        switch code {
        case "QUERY_LIMIT_EXCEEDED": return .backOff
        case "OPERATION_TIME_LIMIT": return .waitUntilReset
        case "expired_token": return .renewToken
        case "ERROR_ELEMENT_ALREADY_EXISTS": return .alreadyExists
        case "OVERLOAD_LIMIT", "NO_AUTH_FOUND", "INVALID_CREDENTIALS", "invalid_token", "insufficient_scope", "user_access_error",
             "WRONG_AUTH_TYPE", "ACCESS_DENIED", "ERROR_METHOD_NOT_FOUND", "INVALID_REQUEST", "PAYMENT_REQUIRED":
            return .fatal
        default: break
        }
        switch status {
        case 0, 500...599: return .unknownOutcome
        case 401, 403, 404: return .fatal
        default: return .refused
        }
    }

    /// A failure read from an answer that was not a success: the envelope when there is one; a
    /// proxy's HTML page or an empty body is named by its status.
    static func from(status: Int, body: String) -> Bitrix24Failure {
        if let envelope = try? Bitrix24JSON.parse(body), case .string(let code)? = envelope.objectFields["error"] {
            let reset: Int64? = if case .int(let at)? = envelope.objectFields["time"]?.objectFields["operating_reset_at"] { at } else { nil }
            return Bitrix24Failure(status: status, code: code, message: envelope.objectFields["error_description"]?.stringValue ?? "", resetAt: reset)
        }
        return Bitrix24Failure(status: status, code: "HTTP_\(status)", message: String(body.prefix(120)))
    }
}
