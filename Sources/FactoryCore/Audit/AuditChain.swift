import Crypto
import Foundation

/// The hash chain of the audit log, as pure functions: `sig_hash` of a row is
/// HMAC-SHA256(SERVER_SECRET, previous row's sig_hash ‖ canonical bytes of this row).
public struct AuditChain: Sendable {
    /// Keyed once: every audit row is signed, and setting the key up is most of an HMAC's cost
    /// on rows this short. Each signature continues a copy of it.
    private let keyed: HMAC<SHA256>

    public init(secret: Data) { keyed = HMAC<SHA256>(key: SymmetricKey(data: secret)) }

    /// Length-prefixed fields, so no two different rows share canonical bytes.
    public static func canonicalBytes(
        seq: Int64, id: AuditEntry.ID, actorID: User.ID?, role: String?, ts: Timestamp,
        action: String, objectType: String, objectID: String?, diffJSON: String
    ) -> [UInt8] {
        CanonicalFields.encode(tag: "isocom-audit-v1",
                               [String(seq), id.text, actorID?.text, role, ts.iso8601, action, objectType, objectID, diffJSON])
    }

    public func signature(previous: String, canonical: [UInt8]) -> String {
        var hmac = keyed
        hmac.update(data: Array(previous.utf8))
        hmac.update(data: canonical)
        return Hex.encode(hmac.finalize())
    }

    public func signature(of entry: AuditEntry, previous: String) -> String {
        signature(previous: previous, canonical: AuditChain.canonicalBytes(
            seq: entry.seq, id: entry.id, actorID: entry.actorID, role: entry.role, ts: entry.ts,
            action: entry.action, objectType: entry.objectType, objectID: entry.objectID, diffJSON: entry.diffJSON))
    }
}

/// The first place where a chain stops being what was signed.
public struct AuditBreak: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The row's content (or its place) is not what was signed.
        case altered
        /// A sequence number is missing: a row was deleted.
        case missing
        /// The same sequence number twice.
        case duplicated
        /// The last rows were cut off: the chain head remembers more.
        case truncated
    }
    public let kind: Kind
    public let seq: Int64
    public let id: AuditEntry.ID?
    public let message: String
    public var description: String { message }
}

/// Walks a chain in `seq` order, one row at a time, so a long log needs no memory.
public struct AuditChainVerifier {
    private let chain: AuditChain
    private var previousSig = ""
    private var expectedSeq: Int64 = 1
    public private(set) var checked = 0
    public private(set) var firstBreak: AuditBreak?

    public init(chain: AuditChain) { self.chain = chain }

    public mutating func check(_ entry: AuditEntry) {
        guard firstBreak == nil else { return }
        defer { checked += 1 }
        if entry.seq < expectedSeq {
            firstBreak = AuditBreak(kind: .duplicated, seq: entry.seq, id: entry.id,
                                    message: "audit row seq \(entry.seq) (id \(entry.id)) appears twice: a row was copied or renumbered")
            return
        }
        if entry.seq > expectedSeq {
            firstBreak = AuditBreak(kind: .missing, seq: expectedSeq, id: nil,
                                    message: "audit row seq \(expectedSeq) is missing (deleted); the next row present is seq \(entry.seq) (id \(entry.id))")
            return
        }
        guard chain.signature(of: entry, previous: previousSig) == entry.sigHash else {
            firstBreak = AuditBreak(kind: .altered, seq: entry.seq, id: entry.id,
                                    message: "audit row seq \(entry.seq) (id \(entry.id), \(entry.action) on \(entry.objectType)) was altered or moved: its signature does not match")
            return
        }
        previousSig = entry.sigHash
        expectedSeq += 1
    }

    /// Compares the end of the walk with the chain head the database keeps.
    public mutating func finish(headSeq: Int64, headSig: String) -> AuditBreak? {
        if firstBreak == nil, headSeq != expectedSeq - 1 || headSig != previousSig {
            if headSeq > expectedSeq - 1 {
                firstBreak = AuditBreak(kind: .truncated, seq: expectedSeq, id: nil,
                                        message: "audit rows from seq \(expectedSeq) to \(headSeq) are missing (deleted from the end)")
            } else {
                firstBreak = AuditBreak(kind: .altered, seq: headSeq, id: nil,
                                        message: "the audit chain head (seq \(headSeq)) does not match the last row (seq \(expectedSeq - 1))")
            }
        }
        return firstBreak
    }
}
