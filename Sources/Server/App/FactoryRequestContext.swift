import FactoryCore
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// What a request carries through the middleware to its handler: the trace id every log line
/// and error body repeats, the signed-in person (once authenticated), and the peer's address
/// for the device allowlist.
public struct FactoryRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var traceID: String
    public var actor: Actor?
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

    /// The signed-in person; routes behind the auth middleware always have one.
    public func requireActor() throws -> Actor {
        guard let actor else { throw FactoryError(.unauthorized, reason: "not_signed_in", "sign in first") }
        return actor
    }
}
