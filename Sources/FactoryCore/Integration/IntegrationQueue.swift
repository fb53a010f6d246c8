import Crypto

/// The outbox to Bitrix24 (M10, DECISIONS B18): what must be sent is written here in the same
/// transaction as the decision behind it, and a background worker sends it. An export is keyed
/// by the hash of its payload, so asking twice for the same approved snapshot queues it once.
public struct IntegrationQueue: Sendable {
    public let audit: AuditLog

    public init(audit: AuditLog) { self.audit = audit }

    public struct Item: Sendable, Equatable {
        public let id: String
        public let entity: IntegrationEntity
        public let status: IntegrationStatus
        public let payloadHash: String
        public let createdAt: Timestamp
        /// False when the same payload was already queued (and perhaps sent).
        public let queuedNow: Bool
    }

    public static func hash(_ payload: JSONValue) -> String {
        Hex.encode(SHA256.hash(data: Array(payload.canonicalText.utf8)))
    }

    /// Queues `payload` for export once; the same payload again answers the item already there.
    public func export(_ db: any SQLConnection, by actor: Actor, entity: IntegrationEntity, payload: JSONValue) throws -> Item {
        let hash = Self.hash(payload)
        if let row = try db.queryOne("SELECT id, status, created_at FROM integration_queue WHERE operation = 'export' AND payload_hash = ?", hash) {
            return Item(id: try row.string("id"), entity: entity, status: try row.word("status"), payloadHash: hash,
                        createdAt: try row.timestamp("created_at"), queuedNow: false)
        }
        let id = TypedID<Item>()
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO integration_queue (id, direction, entity, operation, payload_json, payload_hash, status, created_at, next_try_at)
            VALUES (?, 'push', ?, 'export', ?, ?, 'pending', ?, ?)
            """, id, entity, payload.canonicalText, hash, now, now)
        try audit.record(db, by: .user(actor), action: "integration.queued", object: AuditObject("integration_queue", id),
                         new: ["entity": .string(entity.rawValue), "operation": "export", "payload_hash": .string(hash)])
        return Item(id: id.text, entity: entity, status: .pending, payloadHash: hash, createdAt: now, queuedNow: true)
    }
}
