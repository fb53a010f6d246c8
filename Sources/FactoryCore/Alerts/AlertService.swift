/// The one alert engine (M13/M14): findings become alerts, one open alert per rule and object
/// (a scale silent for an hour is one alert, not thirty); condition alerts close themselves when
/// the condition ends; people acknowledge and close them. Every change is an audit row.
public struct AlertService: Sendable {
    public typealias ID = TypedID<Alert>

    public struct Alert: Sendable, Equatable {
        public let id: ID
        public let rule: String
        public let severity: AlertSeverity
        public let object: String
        public let valueMilli: Int64?
        public let thresholdMilli: Int64?
        public let status: AlertStatus
        public let raisedAt: Timestamp
        public let updatedAt: Timestamp?
        public let ackedAt: Timestamp?
        public let ackedBy: User.ID?
        public let closedAt: Timestamp?
        public let closedBy: User.ID?
        /// The positions it concerns (`sex_boshligi`, `integrator`…), as it was routed when raised.
        public let routedTo: [String]

        public init(id: ID = ID(), rule: String, severity: AlertSeverity, object: String, valueMilli: Int64?, thresholdMilli: Int64?,
                    status: AlertStatus = .open, raisedAt: Timestamp, updatedAt: Timestamp? = nil, ackedAt: Timestamp? = nil, ackedBy: User.ID? = nil,
                    closedAt: Timestamp? = nil, closedBy: User.ID? = nil, routedTo: [String] = []) {
            (self.id, self.rule, self.severity, self.object, self.valueMilli, self.thresholdMilli) = (id, rule, severity, object, valueMilli, thresholdMilli)
            (self.status, self.raisedAt, self.updatedAt, self.ackedAt, self.ackedBy) = (status, raisedAt, updatedAt, ackedAt, ackedBy)
            (self.closedAt, self.closedBy, self.routedTo) = (closedAt, closedBy, routedTo)
        }
    }

    /// What one pass of the monitor changed.
    public struct Changes: Sendable, Equatable {
        public var raised: [Alert] = []
        public var resolved: [Alert] = []
    }

    let audit: AuditLog

    public init(audit: AuditLog) { self.audit = audit }

    static let monitor = AuditSource.service("alerts")

    /// Applies the findings of one pass: each new one raised, each held one brought up to date,
    /// and each open alert of a self-closing rule that no finding holds any more resolved.
    public func apply(_ db: any SQLConnection, _ findings: [AlertFinding], rules: Set<AlertRule> = Set(AlertRule.allCases)) throws -> Changes {
        var changes = Changes()
        var held: Set<String> = []
        for finding in findings {
            held.insert("\(finding.rule.rawValue)/\(finding.object)")
            if let raised = try raise(db, finding) { changes.raised.append(raised) }
        }
        let now = audit.clock.now()
        for row in try db.query("SELECT * FROM alerts WHERE status <> 'closed' ORDER BY ts, id") {
            let alert = try Alert(row: row)
            guard let rule = AlertRule(rawValue: alert.rule), rule.closesItself, rules.contains(rule),
                  !held.contains("\(alert.rule)/\(alert.object)") else { continue }
            try db.execute("UPDATE alerts SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?", now, now, alert.id)
            try audit.record(db, by: Self.monitor, action: "alert.resolved", object: AuditObject("alert", alert.id.text),
                             new: ["rule": .string(alert.rule), "object": .string(alert.object)])
            changes.resolved.append(try load(db, alert.id))
        }
        return changes
    }

    /// Raises an alert unless one is open for the same rule and object, which then takes the new
    /// value; answers the new alert, or nil when one was open.
    @discardableResult
    public func raise(_ db: any SQLConnection, _ finding: AlertFinding) throws -> Alert? {
        let now = audit.clock.now()
        if try db.execute("""
            UPDATE alerts SET value_milli = ?, threshold_milli = ?, updated_at = ? WHERE metric_code = ? AND object_key = ? AND status <> 'closed'
            """, finding.valueMilli, finding.thresholdMilli, now, finding.rule.rawValue, finding.object) > 0 {
            return nil
        }
        let id = ID()
        try db.execute("""
            INSERT INTO alerts (id, severity, metric_code, object_key, value_milli, threshold_milli, ts, updated_at, routed_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, id, finding.rule.severity, finding.rule.rawValue, finding.object, finding.valueMilli, finding.thresholdMilli, now, now,
            JSONValue.array(finding.rule.concerns.map { .string($0.rawValue) }).canonicalText)
        try audit.record(db, by: Self.monitor, action: "alert.raised", object: AuditObject("alert", id.text),
                         new: ["rule": .string(finding.rule.rawValue), "severity": .string(finding.rule.severity.rawValue),
                               "object": .string(finding.object), "value_milli": .int(finding.valueMilli), "threshold_milli": .int(finding.thresholdMilli)])
        return try load(db, id)
    }

    /// A person has seen it and is on it; it stays open until closed.
    public func acknowledge(_ db: any SQLConnection, by actor: Actor, _ id: ID) throws -> Alert {
        try PermissionMatrix.require(actor, .alertManage)
        let alert = try load(db, id)
        guard alert.status == .open else {
            throw FactoryError.conflict(alert.status == .ack ? "already_acknowledged" : "alert_closed",
                                        "alert \(id) is \(alert.status.rawValue)", details: ["status": alert.status.rawValue])
        }
        let now = audit.clock.now()
        try db.execute("UPDATE alerts SET status = 'ack', acked_at = ?, acked_by = ?, updated_at = ? WHERE id = ?", now, actor.userID, now, id)
        try audit.record(db, by: .user(actor), action: "alert.acknowledged", object: AuditObject("alert", id.text),
                         old: ["status": .string(alert.status.rawValue)], new: ["status": "ack"])
        return try load(db, id)
    }

    public func close(_ db: any SQLConnection, by actor: Actor, _ id: ID) throws -> Alert {
        try PermissionMatrix.require(actor, .alertManage)
        let alert = try load(db, id)
        guard alert.status != .closed else {
            throw FactoryError.conflict("alert_closed", "alert \(id) is already closed", details: ["status": "closed"])
        }
        let now = audit.clock.now()
        try db.execute("UPDATE alerts SET status = 'closed', closed_at = ?, closed_by = ?, updated_at = ? WHERE id = ?", now, actor.userID, now, id)
        try audit.record(db, by: .user(actor), action: "alert.closed", object: AuditObject("alert", id.text),
                         old: ["status": .string(alert.status.rawValue)], new: ["status": "closed"])
        return try load(db, id)
    }

    /// Newest first; filtered by severity and status.
    public func list(_ db: any SQLConnection, by actor: Actor, severity: AlertSeverity?, status: AlertStatus?, page: Page) throws -> [Alert] {
        try PermissionMatrix.require(actor, .dashboardView)
        return try db.query("""
            SELECT * FROM alerts WHERE (CAST(? AS TEXT) IS NULL OR severity = ?) AND (CAST(? AS TEXT) IS NULL OR status = ?)
            ORDER BY ts DESC, id LIMIT ? OFFSET ?
            """, severity, severity, status, status, Int64(page.size), Int64(page.offset)).map(Alert.init(row:))
    }

    /// What a console shows its person: the alerts not yet closed that concern their position,
    /// the most urgent first, then the newest.
    public func showing(_ db: any SQLConnection, to position: Position, limit: Int = 20) throws -> [Alert] {
        try db.query("SELECT * FROM alerts WHERE status <> 'closed' ORDER BY severity, ts DESC, id").lazy.map(Alert.init(row:))
            .filter { $0.routedTo.contains(position.rawValue) }.prefix(limit).map { $0 }
    }

    /// What the shop floor's wall shows: the floor's alerts, those that concern the shop head.
    public func onTheWall(_ db: any SQLConnection) throws -> [Alert] { try showing(db, to: .sexBoshligi) }

    public func find(_ db: any SQLConnection, by actor: Actor, _ id: ID) throws -> Alert {
        try PermissionMatrix.require(actor, .dashboardView)
        return try load(db, id)
    }

    func load(_ db: any SQLConnection, _ id: ID) throws -> Alert {
        guard let row = try db.queryOne("SELECT * FROM alerts WHERE id = ?", id) else { throw FactoryError.notFound("alert", id.text) }
        return try Alert(row: row)
    }
}

extension AlertService.Alert {
    init(row: Row) throws {
        self.init(id: try row.id("id"), rule: try row.string("metric_code"), severity: try row.word("severity"),
                  object: row.optionalString("object_key") ?? "", valueMilli: try row.optionalInt("value_milli"),
                  thresholdMilli: try row.optionalInt("threshold_milli"), status: try row.word("status"), raisedAt: try row.timestamp("ts"),
                  updatedAt: try row.optionalTimestamp("updated_at"), ackedAt: try row.optionalTimestamp("acked_at"),
                  ackedBy: try row.optionalID("acked_by"), closedAt: try row.optionalTimestamp("closed_at"), closedBy: try row.optionalID("closed_by"),
                  routedTo: ((try? JSONValue.parse(row.optionalString("routed_to") ?? "[]")) ?? .null).arrayItems.compactMap(\.stringValue))
    }
}
