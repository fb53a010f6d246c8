import FactoryCore
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// What a request carries through the middleware to its handler: the trace id every log line
/// and error body repeats, who signed the access token (once authenticated), and the peer's
/// address for the device allowlist.
public struct FactoryRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var traceID: String
    /// The user the verified access token names; the account itself is read with the
    /// request's own database work (`FactoryAPI.read(as:)`, `write(as:)`).
    public var signedIn: User.ID?
    /// The position the access token was issued for: a route's permission is checked against
    /// it before the body is read (`RouteGuard`); services check the account as it is now.
    public var signedInPosition: Position?
    public let remoteAddress: String?
    /// Who called, for the request's log line: a username or a device code.
    public let caller = Caller()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        traceID = ""
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies beyond this are refused with 413 before a handler sees them.
    public var maxUploadSize: Int { 1024 * 1024 }

    /// Filled in by authentication, read by the request log written after the handler.
    public final class Caller: Sendable {
        private let name = Mutex<String?>(nil)
        public var value: String? { name.withLock { $0 } }
        public func set(_ value: String) { name.withLock { $0 = value } }
    }

    /// The token's user; routes behind the auth middleware always have one.
    func requireSignedIn() throws -> User.ID {
        guard let signedIn else { throw FactoryError(.unauthorized, reason: "not_signed_in", "sign in first") }
        return signedIn
    }
}
