/// What the wall screen on the shop floor shows (issue: the wall panel), read from the facts
/// without a person signed in: per production line its running session with the live mass
/// balance against its limit and the gates open on it, the scales that need someone (no
/// reading for a minute, calibration expired), and the RS-trusted share of the shift.
public struct WallBoard: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let workcenter: String
        /// The session running or paused on the line, if any.
        public let session: Session?
        public let balance: MassBalance?
        public let openGates: Int
        /// Paused by the VT gate: stays on the board, marked, until the technologist releases it.
        public var pausedByVT: Bool { session?.status == .paused && session?.pauseReason == SessionService.vtPauseReason }
    }

    public struct ScaleCare: Sendable, Equatable {
        public let code: String
        /// Seconds since its last reading; nil when it never sent one.
        public let silentSeconds: Int64?
        public let calibrationExpired: Bool
    }

    public var lines: [Line] = []
    public var scales: [ScaleCare] = []
    /// Trusted ÷ all weighings of packages and stock moves since the shift began; nil before the first.
    public var rsTrustedShare: Double?

    /// A scale silent this long is shown as offline.
    public static let offlineSeconds: Int64 = 60

    public static func read(_ db: any SQLConnection, balance: BalanceService, calendar: PlantCalendar, now: Timestamp) throws -> WallBoard {
        var board = WallBoard()
        for row in try db.query("""
            SELECT id, code FROM workcenters WHERE active_bool AND type NOT IN ('rework_hard', 'rework_soft') ORDER BY code
            """) {
            let workcenter = try row.string("code")
            let running = try db.queryOne("""
                SELECT id FROM sessions WHERE workcenter_id = ? AND status IN ('opened', 'paused') ORDER BY started_at DESC LIMIT 1
                """, try row.string("id"))
            guard let running, let id = Session.ID(try running.string("id")) else {
                board.lines.append(Line(workcenter: workcenter, session: nil, balance: nil, openGates: 0))
                continue
            }
            let gates = try db.queryOne("""
                SELECT COUNT(*) AS n FROM gate_log WHERE released_at IS NULL AND object_type = 'session' AND object_id = ?
                """, id.text)?.int("n") ?? 0
            board.lines.append(Line(workcenter: workcenter, session: try Session.load(db, id), balance: try balance.facts(db, id).balance,
                                    openGates: Int(gates)))
        }
        for device in try Device.all(db) where device.type == .scale && device.active {
            let last = try db.queryOne("SELECT MAX(ts_ingested) AS at FROM scale_events WHERE device_id = ?", device.id)?.optionalTimestamp("at")
            let silent = last.map { Int64(now.seconds(since: $0)) }
            let expired = Calibration.isExpired(dueAt: device.calibrationDueAt, at: now)
            if expired || silent.map({ $0 > offlineSeconds }) ?? true {
                board.scales.append(ScaleCare(code: device.code, silentSeconds: silent, calibrationExpired: expired))
            }
        }
        let since = calendar.shiftStart(at: now)
        if let row = try db.queryOne("""
            SELECT SUM(n) AS n, SUM(trusted) AS trusted FROM (
              SELECT COUNT(*) AS n, SUM(CASE WHEN weight_trusted_bool THEN 1 ELSE 0 END) AS trusted FROM packages WHERE created_at >= ?
              UNION ALL
              SELECT COUNT(*), SUM(CASE WHEN weight_trusted_bool THEN 1 ELSE 0 END) FROM stock_txn
              WHERE type <> 'FG_RECEIVE' AND qty_milli > 0 AND ts >= ?
            ) weighings
            """, since, since), let all = try row.optionalInt("n"), all > 0 {
            board.rsTrustedShare = Double(try row.optionalInt("trusted") ?? 0) / Double(all)
        }
        return board
    }
}
