import Crypto
import Foundation

/// The OTK e-seal (spec §6.6; DECISIONS B25): HMAC-SHA256(QC_SECRET, canonical bytes of the
/// decision), computed by the server after it re-checked the inspector's PIN, and verified on
/// every read so an edited decision shows.
public struct ESeal: Sendable {
    private let key: SymmetricKey

    public init(secret: Data) { key = SymmetricKey(data: secret) }

    public struct Decision: Sendable, Equatable {
        public let packageID: String
        public let decision: QCDecision
        /// Canonical JSON of the protocol (see `JSONValue.canonicalText`).
        public let protocolJSON: String
        public let inspectorID: String
        public let time: Timestamp

        public init(packageID: String, decision: QCDecision, protocolJSON: String, inspectorID: String, time: Timestamp) {
            self.packageID = packageID
            self.decision = decision
            self.protocolJSON = protocolJSON
            self.inspectorID = inspectorID
            self.time = time
        }

        var canonicalBytes: [UInt8] {
            CanonicalFields.encode(tag: "isocom-eseal-v1", [packageID, decision.rawValue, protocolJSON, inspectorID, time.iso8601])
        }
    }

    public func seal(_ decision: Decision) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: decision.canonicalBytes, using: key))
    }

    /// Constant-time comparison of a stored seal with the decision it claims to seal.
    public func verify(_ decision: Decision, seal: String) -> Bool {
        guard seal.count == 64, let bytes = Hex.decode(seal) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: decision.canonicalBytes, using: key)
    }
}
