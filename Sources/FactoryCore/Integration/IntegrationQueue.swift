import Crypto

/// The outbox to Bitrix24 and the inbox of pulls (M10, DECISIONS B18): what must be sent is
/// written here in the same transaction as the decision behind it, and a background worker
/// sends it. An export is keyed by the hash of its payload, so asking twice for the same
/// approved snapshot queues it once. The worker takes what is due, and each attempt ends in
/// `sent` or in a failure that schedules the next try (`IntegrationRetry`).
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

    /// One row of the queue as the integrator and the worker read it.
    public struct Entry: Sendable, Equatable {
        public let id: String
        public let direction: IntegrationDirection
        public let entity: IntegrationEntity
        public let status: IntegrationStatus
        public let payload: JSONValue
        public let payloadHash: String
        public let attempts: Int64
        public let lastError: String?
        public let createdAt: Timestamp
        public let lastTryAt: Timestamp?
        public let nextTryAt: Timestamp?
        public let sentAt: Timestamp?
        public let result: JSONValue?

        public var escalated: Bool { IntegrationRetry.isEscalated(failures: attempts, status: status) }
    }

    public static func hash(_ payload: JSONValue) -> String {
        Hex.encode(SHA256.hash(data: Array(payload.canonicalText.utf8)))
    }

    // MARK: Queue

    /// Queues `payload` for export once; the same payload again answers the item already there.
    public func export(_ db: any SQLConnection, by actor: Actor, entity: IntegrationEntity, payload: JSONValue) throws -> Item {
        let hash = Self.hash(payload)
        if let row = try db.queryOne("SELECT id, status, created_at FROM integration_queue WHERE operation = 'export' AND payload_hash = ?", hash) {
            return Item(id: try row.string("id"), entity: entity, status: try row.word("status"), payloadHash: hash,
                        createdAt: try row.timestamp("created_at"), queuedNow: false)
        }
        return try insert(db, by: .user(actor), direction: .push, entity: entity, operation: .export, payload: payload)
    }

    /// Asks the worker to pull `entity` (users, orders or attendance) changed since `since`, or
    /// everything; a pull of the same entity still waiting answers that one instead.
    public func requestPull(_ db: any SQLConnection, by source: AuditSource, entity: IntegrationEntity, since: Timestamp?) throws -> Item {
        if case .user(let actor) = source { try PermissionMatrix.require(actor, .integrationManage) }
        guard [.user, .order, .attendance].contains(entity) else {
            throw FactoryError.validation(field: "entity", reason: "bad_value", "a pull takes user, order or attendance, got \(entity.rawValue)")
        }
        if let row = try db.queryOne("""
            SELECT id, payload_hash, created_at FROM integration_queue WHERE direction = 'pull' AND entity = ? AND status = 'pending'
            ORDER BY created_at LIMIT 1
            """, entity) {
            return Item(id: try row.string("id"), entity: entity, status: .pending, payloadHash: try row.string("payload_hash"),
                        createdAt: try row.timestamp("created_at"), queuedNow: false)
        }
        let payload: JSONValue = ["entity": .string(entity.rawValue), "since": JSONValue.from(since?.iso8601)]
        return try insert(db, by: source, direction: .pull, entity: entity, operation: .upsert, payload: payload)
    }

    private func insert(_ db: any SQLConnection, by source: AuditSource, direction: IntegrationDirection, entity: IntegrationEntity,
                        operation: IntegrationOperation, payload: JSONValue) throws -> Item {
        let hash = Self.hash(payload)
        let id = TypedID<Item>()
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO integration_queue (id, direction, entity, operation, payload_json, payload_hash, status, created_at, next_try_at)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
            """, id, direction, entity, operation, payload.canonicalText, hash, now, now)
        try audit.record(db, by: source, action: "integration.queued", object: AuditObject("integration_queue", id),
                         new: ["entity": .string(entity.rawValue), "operation": .string(operation.rawValue), "payload_hash": .string(hash)])
        return Item(id: id.text, entity: entity, status: .pending, payloadHash: hash, createdAt: now, queuedNow: true)
    }

    // MARK: Read

    public func find(_ db: any SQLConnection, id: String) throws -> Entry {
        guard let row = try db.queryOne("SELECT * FROM integration_queue WHERE id = ?", id) else {
            throw FactoryError.notFound("integration_queue", id)
        }
        return try Entry(row: row)
    }

    /// The queue, newest first, optionally of one status.
    public func list(_ db: any SQLConnection, status: IntegrationStatus?, page: Page) throws -> [Entry] {
        var sql = "SELECT * FROM integration_queue"
        var parameters: [any SQLBindable] = []
        if let status { sql += " WHERE status = ?"; parameters.append(status) }
        sql += " ORDER BY created_at DESC, id LIMIT ? OFFSET ?"
        parameters += [Int64(page.size), Int64(page.offset)]
        return try db.query(sql, parameters).map(Entry.init(row:))
    }

    /// Items whose time has come, oldest first.
    public func due(_ db: any SQLConnection, limit: Int) throws -> [Entry] {
        try db.query("""
            SELECT * FROM integration_queue WHERE status = 'pending' AND next_try_at <= ? ORDER BY next_try_at, created_at LIMIT ?
            """, audit.clock.now(), Int64(limit)).map(Entry.init(row:))
    }

    /// Items not sent that failed five times or more: the escalated backlog.
    public static func escalatedCount(_ db: any SQLConnection) throws -> Int64 {
        try db.queryOne("SELECT COUNT(*) AS n FROM integration_queue WHERE status <> 'sent' AND retry_count >= ?",
                        Int64(IntegrationRetry.escalateAfterFailures))?.int("n") ?? 0
    }

    // MARK: The worker's outcomes

    /// The item reached Bitrix24 (or, in a dry run, was recorded): `result` says what was done.
    public func markSent(_ db: any SQLConnection, id: String, result: JSONValue) throws {
        let now = audit.clock.now()
        let changed = try db.execute("""
            UPDATE integration_queue SET status = 'sent', result_json = ?, sent_at = ?, last_try_at = ?, next_try_at = NULL, error_msg = NULL
            WHERE id = ? AND status = 'pending'
            """, result.canonicalText, now, now, id)
        guard changed == 1 else { return }
        try audit.record(db, by: .service("integration"), action: "integration.sent", object: AuditObject("integration_queue", id),
                         new: result.objectFields["dry_run"] == .bool(true) ? ["dry_run": true] : nil)
    }

    /// An attempt failed with `error` (a description without secrets): the next try is
    /// scheduled, or after the last the item goes to `error`. Answers the item as it is now.
    @discardableResult
    public func markFailed(_ db: any SQLConnection, id: String, error: String, maximumAttempts: Int) throws -> Entry {
        let entry = try find(db, id: id)
        guard entry.status == .pending else { return entry }
        let now = audit.clock.now()
        let failures = entry.attempts + 1
        let next = IntegrationRetry.next(afterFailures: Int(failures), maximum: maximumAttempts, now: now)
        let (status, nextTry): (IntegrationStatus, Timestamp?) = switch next {
        case .retry(let at): (.pending, at)
        case .giveUp: (.error, nil)
        }
        try db.execute("""
            UPDATE integration_queue SET status = ?, retry_count = ?, error_msg = ?, last_try_at = ?, next_try_at = ? WHERE id = ?
            """, status, failures, String(error.prefix(500)), now, nextTry, id)
        if failures == Int64(IntegrationRetry.escalateAfterFailures) {
            try audit.record(db, by: .service("integration"), action: "integration.escalated", object: AuditObject("integration_queue", id),
                             new: ["attempts": .int(failures), "error": .string(String(error.prefix(200)))])
        }
        if status == .error {
            try audit.record(db, by: .service("integration"), action: "integration.failed", object: AuditObject("integration_queue", id),
                             new: ["attempts": .int(failures), "error": .string(String(error.prefix(200)))])
        }
        return try find(db, id: id)
    }

    /// Someone asks for an item to be tried now, skipping the wait; one in `error` gets one more
    /// attempt. An item already sent is not sent again.
    public func retry(_ db: any SQLConnection, by actor: Actor, id: String) throws -> Entry {
        try PermissionMatrix.require(actor, .integrationManage)
        let entry = try find(db, id: id)
        guard entry.status != .sent else {
            throw FactoryError.conflict("already_sent", "this item reached Bitrix24 already; nothing to retry", details: ["id": id])
        }
        try db.execute("UPDATE integration_queue SET status = 'pending', next_try_at = ? WHERE id = ?", audit.clock.now(), id)
        try audit.record(db, by: .user(actor), action: "integration.retried", object: AuditObject("integration_queue", id),
                         old: ["status": .string(entry.status.rawValue), "attempts": .int(entry.attempts)])
        return try find(db, id: id)
    }
}

extension IntegrationQueue.Entry {
    init(row: Row) throws {
        id = try row.string("id")
        direction = try row.word("direction")
        entity = try row.word("entity")
        status = try row.word("status")
        payload = try JSONValue.parse(try row.string("payload_json"))
        payloadHash = try row.string("payload_hash")
        attempts = try row.int("retry_count")
        lastError = row.optionalString("error_msg")
        createdAt = try row.timestamp("created_at")
        lastTryAt = try row.optionalTimestamp("last_try_at")
        nextTryAt = try row.optionalTimestamp("next_try_at")
        sentAt = try row.optionalTimestamp("sent_at")
        result = try row.optionalString("result_json").map(JSONValue.parse)
    }
}
