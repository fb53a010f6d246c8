/// What the audit log says of one session, in the order it happened (spec §18: the director
/// decides a re-open on the session's balance and its trail): the session's own entries, the
/// approvals about it (the re-open's steps, a recipe change) and the gates that held it.
public struct AuditTrail: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let ts: Timestamp
        /// The username, or nil for the system (a gateway, the server's console).
        public let who: String?
        public let action: String

        public init(ts: Timestamp, who: String?, action: String) {
            (self.ts, self.who, self.action) = (ts, who, action)
        }
    }

    public let lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    public static func of(_ db: any SQLConnection, session id: Session.ID) throws -> AuditTrail {
        AuditTrail(lines: try db.query("""
            SELECT a.ts, a.action, u.username FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
            WHERE (a.object_type = 'session' AND a.object_id = ?)
               OR (a.object_type = 'approval' AND a.object_id IN (SELECT CAST(id AS TEXT) FROM approvals WHERE object_type = 'session' AND object_id = ?))
               OR (a.object_type = 'gate' AND a.object_id IN (SELECT CAST(id AS TEXT) FROM gate_log WHERE object_type = 'session' AND object_id = ?))
            ORDER BY a.seq
            """, id.text, id.text, id.text).map {
            Line(ts: try $0.timestamp("ts"), who: $0.optionalString("username"), action: try $0.string("action"))
        })
    }
}
