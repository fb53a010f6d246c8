import Foundation

/// Creating people, checking their credentials, and their qualifications (DECISIONS B3, B4).
/// Nothing here has a default password: a credential is given, or the user cannot sign in.
public struct UserService: Sendable {
    public let audit: AuditLog
    public let hasher: CredentialHasher

    public init(audit: AuditLog, hasher: CredentialHasher) {
        self.audit = audit
        self.hasher = hasher
    }

    public static let usernameRule = "a username is 3 to 32 characters: lower-case letters, digits, '.', '_' or '-'"

    public static func isValidUsername(_ name: String) -> Bool {
        (3...32).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || ".-_".contains($0)) }
    }

    public struct NewUser: Sendable {
        public var username: String
        public var fullName: String
        public var position: Position
        public var grade: Grade?
        public var password: String?
        public var pin: String?

        public init(username: String, fullName: String, position: Position, grade: Grade? = nil,
                    password: String? = nil, pin: String? = nil) {
            self.username = username
            self.fullName = fullName
            self.position = position
            self.grade = grade
            self.password = password
            self.pin = pin
        }
    }

    /// Checks everything that needs no database, so a command can ask again before writing.
    public static func validate(_ new: NewUser) throws {
        guard isValidUsername(new.username) else {
            throw FactoryError.validation(field: "username", reason: "bad_username", usernameRule)
        }
        guard !new.fullName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FactoryError.validation(field: "full_name", reason: "empty_value", "the full name is required")
        }
        if new.position == .operator, new.grade == nil {
            throw FactoryError.validation(field: "grade", reason: "grade_required", "an operator needs a grade")
        }
        if let password = new.password { try CredentialHasher.checkPassword(password) }
        if let pin = new.pin { try CredentialHasher.checkPIN(pin) }
    }

    public func add(_ db: any SQLConnection, by source: AuditSource, _ new: NewUser) throws -> User {
        try Self.validate(new)
        if try db.queryOne("SELECT id FROM users WHERE username = ?", new.username) != nil {
            throw FactoryError.conflict("username_taken", "the username '\(new.username)' is already taken")
        }
        let user = User(username: new.username, fullName: new.fullName, position: new.position, grade: new.grade)
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO users (id, username, full_name, position, grade, status, password_hash, pin_hash, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)
            """, user.id, user.username, user.fullName, user.position, user.grade,
            new.password.map(hasher.hash), new.pin.map(hasher.hash), now, now)
        try audit.record(db, by: source, action: "user.created", object: AuditObject("user", user.id),
                         new: ["username": .string(user.username), "full_name": .string(user.fullName),
                               "position": .string(user.position.rawValue), "grade": JSONValue.from(user.grade?.rawValue),
                               "password_set": .bool(new.password != nil), "pin_set": .bool(new.pin != nil)])
        return user
    }

    /// Sets a password and/or PIN; the audit row says which was set, never the value.
    public func setCredentials(_ db: any SQLConnection, by source: AuditSource, user id: User.ID,
                               password: String?, pin: String?) throws {
        if let password { try CredentialHasher.checkPassword(password) }
        if let pin { try CredentialHasher.checkPIN(pin) }
        let changed = try db.execute("""
            UPDATE users SET password_hash = COALESCE(?, password_hash), pin_hash = COALESCE(?, pin_hash), updated_at = ?
            WHERE id = ?
            """, password.map(hasher.hash), pin.map(hasher.hash), audit.clock.now(), id)
        guard changed == 1 else { throw FactoryError.notFound("user", id.text) }
        try audit.record(db, by: source, action: "user.credentials_set", object: AuditObject("user", id),
                         new: ["password_set": .bool(password != nil), "pin_set": .bool(pin != nil)])
    }

    public func find(_ db: any SQLConnection, username: String) throws -> User {
        guard let row = try db.queryOne("SELECT * FROM users WHERE username = ?", username) else {
            throw FactoryError.notFound("user", username)
        }
        return try User(row: row)
    }

    /// The people, optionally of one position, by username.
    public func list(_ db: any SQLConnection, position: Position?, page: Page) throws -> [User] {
        var sql = "SELECT * FROM users"
        var parameters: [any SQLBindable] = []
        if let position { sql += " WHERE position = ?"; parameters.append(position) }
        sql += " ORDER BY username LIMIT ? OFFSET ?"
        parameters += [Int64(page.size), Int64(page.offset)]
        return try db.query(sql, parameters).map(User.init(row:))
    }

    public func find(_ db: any SQLConnection, id: User.ID) throws -> User {
        try ask(db, id: id).get()
    }

    /// `find`, sent ahead (`SQLConnection.send`) and read when needed.
    public func ask(_ db: any SQLConnection, id: User.ID) throws -> Later<User> {
        try db.send("SELECT * FROM users WHERE id = ?", id).map { rows in
            guard let row = rows.first else { throw FactoryError.notFound("user", id.text) }
            return try User(row: row)
        }
    }

    /// Whether a user may run a workcenter at `time` (the e3_qualification rule's fact).
    public func isQualified(_ db: any SQLConnection, user: User.ID, workcenter: String, at time: Timestamp) throws -> Bool {
        guard let row = try db.queryOne("""
            SELECT q.valid_until FROM operator_qualifications q JOIN workcenters w ON w.id = q.workcenter_id
            WHERE q.user_id = ? AND w.code = ?
            """, user, workcenter) else { return false }
        guard let until = try row.optionalTimestamp("valid_until") else { return true }
        return time < until
    }
}
