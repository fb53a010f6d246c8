/// What each channel outside the plant still has to be told (M14 routing): an alert raised, and
/// once closed, that it is over. Derived from the alerts themselves, so an alert can never be
/// raised without its news being owed; a failure waits on the integration timetable (1 min,
/// 5 min, 15 min, 1 h, then every 4 h) and is tried again until it is sent: never dropped.
public struct AlertDeliveries: Sendable {
    public enum Event: String, Sendable { case raised, resolved }

    public struct Due: Sendable, Equatable {
        public let alert: AlertService.Alert
        public let channel: String
        public let event: Event
    }

    let audit: AuditLog
    /// Alerts older than this when a channel is first configured are history, not news.
    let horizonSeconds: Int64 = 86_400

    public init(audit: AuditLog) { self.audit = audit }

    /// The news owed to `channels` now, oldest first.
    public func due(_ db: any SQLConnection, channels: [String], limit: Int = 50) throws -> [Due] {
        let now = audit.clock.now()
        var owed: [Due] = []
        for row in try db.query("SELECT * FROM alerts WHERE ts >= ? OR updated_at >= ? ORDER BY ts, id",
                                now.adding(seconds: -horizonSeconds), now.adding(seconds: -horizonSeconds)) {
            let alert = try AlertService.Alert(row: row)
            let events: [Event] = alert.status == .closed ? [.raised, .resolved] : [.raised]
            for channel in channels {
                for event in events {
                    let delivery = try db.queryOne("SELECT status, next_try_at FROM alert_deliveries WHERE alert_id = ? AND channel = ? AND event = ?",
                                                   alert.id, channel, event.rawValue)
                    if let delivery {
                        guard try delivery.string("status") == "pending", (try delivery.optionalTimestamp("next_try_at")).map({ $0 <= now }) ?? true else { continue }
                    }
                    owed.append(Due(alert: alert, channel: channel, event: event))
                    if owed.count >= limit { return owed }
                }
            }
        }
        return owed
    }

    public func markSent(_ db: any SQLConnection, _ due: Due) throws {
        let now = audit.clock.now()
        if try db.execute("""
            UPDATE alert_deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, next_try_at = NULL
            WHERE alert_id = ? AND channel = ? AND event = ?
            """, now, due.alert.id, due.channel, due.event.rawValue) == 0 {
            try db.execute("""
                INSERT INTO alert_deliveries (id, alert_id, channel, event, status, attempts, sent_at) VALUES (?, ?, ?, ?, 'sent', 1, ?)
                """, TypedID<Due>(), due.alert.id, due.channel, due.event.rawValue, now)
        }
    }

    /// Answers how many attempts have failed so far.
    @discardableResult
    public func markFailed(_ db: any SQLConnection, _ due: Due, error: String) throws -> Int {
        let now = audit.clock.now()
        let failures = Int(try db.queryOne("SELECT attempts FROM alert_deliveries WHERE alert_id = ? AND channel = ? AND event = ?",
                                           due.alert.id, due.channel, due.event.rawValue)?.int("attempts") ?? 0) + 1
        let delay = IntegrationRetry.delaysSeconds[min(failures, IntegrationRetry.delaysSeconds.count) - 1]
        if try db.execute("""
            UPDATE alert_deliveries SET attempts = ?, next_try_at = ?, last_error = ? WHERE alert_id = ? AND channel = ? AND event = ?
            """, Int64(failures), now.adding(seconds: delay), error, due.alert.id, due.channel, due.event.rawValue) == 0 {
            try db.execute("""
                INSERT INTO alert_deliveries (id, alert_id, channel, event, status, attempts, next_try_at, last_error) VALUES (?, ?, ?, ?, 'pending', 1, ?, ?)
                """, TypedID<Due>(), due.alert.id, due.channel, due.event.rawValue, now.adding(seconds: delay), error)
        }
        return failures
    }
}
