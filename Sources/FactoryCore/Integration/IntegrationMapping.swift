/// Which Bitrix24 record is which of ours (`integration_mapping`): employees ↔ users, deals ↔
/// orders, worked days ↔ attendance rows. A pull writes it; the integrator reads it and corrects
/// a wrong match of an employee by pointing it at the right user.
public struct IntegrationMapping: Sendable {
    public let audit: AuditLog

    public init(audit: AuditLog) { self.audit = audit }

    public struct Entry: Sendable, Equatable {
        public let id: String
        public let entity: IntegrationEntity
        public let externalID: String
        public let internalID: String?
        /// The user's username for an employee; the order's partiya number for a deal.
        public let internalName: String?
        public let meta: JSONValue
    }

    public func list(_ db: any SQLConnection, entity: IntegrationEntity?, page: Page) throws -> [Entry] {
        var sql = """
            SELECT m.id, m.entity, m.external_id, m.internal_id, m.meta_json, u.username, o.partiya_no FROM integration_mapping m
            LEFT JOIN users u ON m.entity = 'user' AND u.id = m.internal_id
            LEFT JOIN orders o ON m.entity = 'order' AND o.id = m.internal_id
            """
        var parameters: [any SQLBindable] = []
        if let entity { sql += " WHERE m.entity = ?"; parameters.append(entity) }
        sql += " ORDER BY m.entity, LENGTH(m.external_id), m.external_id LIMIT ? OFFSET ?"
        parameters += [Int64(page.size), Int64(page.offset)]
        return try db.query(sql, parameters).map(Self.entry)
    }

    public func find(_ db: any SQLConnection, id: String) throws -> Entry {
        guard let row = try db.queryOne("""
            SELECT m.id, m.entity, m.external_id, m.internal_id, m.meta_json, u.username, o.partiya_no FROM integration_mapping m
            LEFT JOIN users u ON m.entity = 'user' AND u.id = m.internal_id
            LEFT JOIN orders o ON m.entity = 'order' AND o.id = m.internal_id
            WHERE m.id = ?
            """, id) else { throw FactoryError.notFound("integration_mapping", id) }
        return try Self.entry(row)
    }

    private static func entry(_ row: Row) throws -> Entry {
        let entity: IntegrationEntity = try row.word("entity")
        return Entry(id: try row.string("id"), entity: entity, externalID: try row.string("external_id"),
                     internalID: row.optionalString("internal_id"),
                     internalName: entity == .user ? row.optionalString("username") : entity == .order ? row.optionalString("partiya_no") : nil,
                     meta: try row.optionalString("meta_json").map(JSONValue.parse) ?? nil)
    }

    /// Points a Bitrix24 employee at another user (`username`): the pull matched the wrong
    /// person or made a new user for someone who already had one. The user's `bitrix_id` moves
    /// with it, so payroll names the right employee in Bitrix24.
    public func relink(_ db: any SQLConnection, by actor: Actor, id: String, username: String) throws -> Entry {
        try PermissionMatrix.require(actor, .integrationManage)
        let entry = try find(db, id: id)
        guard entry.entity == .user else {
            throw FactoryError.validation(field: "username", reason: "not_an_employee", "only an employee's match can be corrected; orders and days follow their records")
        }
        guard let user = try db.queryOne("SELECT id FROM users WHERE username = ?", username) else { throw FactoryError.notFound("user", username) }
        let userID: String = try user.string("id")
        if let other = try db.queryOne("""
            SELECT external_id FROM integration_mapping WHERE entity = 'user' AND internal_id = ? AND id <> ?
            """, userID, id) {
            throw FactoryError.conflict("already_mapped", "\(username) is already Bitrix24 employee \(try other.string("external_id")): correct that match first",
                                        details: ["username": username])
        }
        let now = audit.clock.now()
        if let previous = entry.internalID {
            try db.execute("UPDATE users SET bitrix_id = NULL, updated_at = ? WHERE id = ? AND bitrix_id = ?", now, previous, entry.externalID)
        }
        try db.execute("UPDATE users SET bitrix_id = ?, updated_at = ? WHERE id = ?", entry.externalID, now, userID)
        try db.execute("UPDATE integration_mapping SET internal_id = ? WHERE id = ?", userID, id)
        try audit.record(db, by: .user(actor), action: "integration.mapping_corrected", object: AuditObject("integration_mapping", id),
                         old: ["username": JSONValue.from(entry.internalName)], new: ["username": .string(username), "external_id": .string(entry.externalID)])
        return try find(db, id: id)
    }
}
