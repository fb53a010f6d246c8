import Foundation

/// What an audit row is about.
public struct AuditObject: Sendable, Hashable {
    public let type: String
    public let id: String?

    public init(_ type: String, _ id: String?) {
        self.type = type
        self.id = id
    }

    public init<E>(_ type: String, _ id: TypedID<E>) {
        self.init(type, id.text)
    }
}

/// Who is acting when there is no signed-in user: a command typed at the server's console.
public enum AuditSource: Sendable, Hashable {
    case user(Actor)
    case console(osUser: String)
    /// Someone not signed in: a sign-in attempt, which names the account it claimed.
    case anonymous
    /// A background service of the server acting on its own schedule (the Bitrix24 worker).
    case service(String)

    public var actorID: User.ID? {
        if case .user(let actor) = self { actor.userID } else { nil }
    }

    public var role: String {
        switch self {
        case .user(let actor): actor.position.rawValue
        case .console: "cli"
        case .anonymous: "anonymous"
        case .service: "service"
        }
    }
}

/// Appends signed rows to the audit log inside the caller's transaction, so a change and its
/// audit row commit together or not at all.
public struct AuditLog: Sendable {
    public let chain: AuditChain
    public let clock: any WallClock

    public init(secret: Data, clock: any WallClock) {
        chain = AuditChain(secret: secret)
        self.clock = clock
    }

    /// Records one row in the caller's transaction. It is signed onto the chain and written as
    /// the transaction commits (`PendingAudit`), so it commits with the change or not at all.
    public func record(_ db: any SQLConnection, by source: AuditSource, action: String, object: AuditObject,
                       old: JSONValue = nil, new: JSONValue = nil) throws {
        var diff: [String: JSONValue] = ["old": old, "new": new]
        if case .console(let osUser) = source { diff["console_user"] = .string(osUser) }
        if case .service(let name) = source { diff["service"] = .string(name) }
        db.pendingAudit.append(.init(chain: chain, id: AuditEntry.ID(), actorID: source.actorID, role: source.role, ts: clock.now(),
                                     action: action, object: object, diffJSON: JSONValue.object(diff).canonicalText))
    }

    /// Walks the whole chain from seq 1 in pages and returns the first break, if any.
    public func verify(_ database: any Database, pageSize: Int = 5000) throws -> AuditVerification {
        try database.read { db in
            var verifier = AuditChainVerifier(chain: chain)
            var after: Int64 = -1
            var lastID = ""
            while true {
                // Keyset paging on (seq, id): duplicated seq values must not hide a row.
                let page = try db.query("""
                    SELECT * FROM audit_log WHERE seq > ? OR (seq = ? AND CAST(id AS TEXT) > ?)
                    ORDER BY seq, CAST(id AS TEXT) LIMIT ?
                    """, after, after, lastID, pageSize).map(AuditEntry.init(row:))
                for entry in page { verifier.check(entry) }
                guard let last = page.last, page.count == pageSize, verifier.firstBreak == nil else { break }
                after = last.seq
                lastID = last.id.text
            }
            guard let head = try db.queryOne("SELECT last_seq, last_sig FROM audit_chain_head WHERE id = 1") else {
                return AuditVerification(rowsChecked: verifier.checked, firstBreak: AuditBreak(
                    kind: .truncated, seq: 0, id: nil, message: "the audit chain head row is missing"))
            }
            let broken = verifier.finish(headSeq: try head.int("last_seq"), headSig: try head.string("last_sig"))
            return AuditVerification(rowsChecked: verifier.checked, firstBreak: broken)
        }
    }
}

public struct AuditVerification: Sendable, Equatable {
    public let rowsChecked: Int
    public let firstBreak: AuditBreak?
    public var isIntact: Bool { firstBreak == nil }
}
