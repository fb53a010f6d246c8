/// What the wall screen on the shop floor shows (issue: the wall panel), read from the facts
/// without a person signed in: per production line its running session with the live mass
/// balance against its limit and the gates open on it, the scales that need someone (no
/// reading for a minute, calibration expired), and the RS-trusted share of the shift.
public struct WallBoard: Sendable, Equatable {
    /// A session running or paused on a line, as the wall shows it.
    public struct Running: Sendable, Equatable {
        public let id: Session.ID
        public let lot: String
        public let sku: String
        public let paused: Bool
        /// Paused by the VT gate: stays on the board, marked, until the technologist releases it.
        public let pausedByVT: Bool

        public init(id: Session.ID, lot: String, sku: String, paused: Bool = false, pausedByVT: Bool = false) {
            (self.id, self.lot, self.sku, self.paused, self.pausedByVT) = (id, lot, sku, paused, pausedByVT)
        }
    }

    public struct Line: Sendable, Equatable {
        public let workcenter: String
        public let session: Running?
        public let balance: MassBalance?
        public let openGates: Int

        public init(workcenter: String, session: Running? = nil, balance: MassBalance? = nil, openGates: Int = 0) {
            (self.workcenter, self.session, self.balance, self.openGates) = (workcenter, session, balance, openGates)
        }
    }

    public struct ScaleCare: Sendable, Equatable {
        public let code: String
        /// Seconds since its last reading; nil when it never sent one.
        public let silentSeconds: Int64?
        public let calibrationExpired: Bool

        public init(code: String, silentSeconds: Int64?, calibrationExpired: Bool) {
            (self.code, self.silentSeconds, self.calibrationExpired) = (code, silentSeconds, calibrationExpired)
        }
    }

    public var lines: [Line] = []
    public var scales: [ScaleCare] = []
    /// Trusted ÷ all weighings of packages and stock moves since the shift began; nil before the first.
    public var rsTrustedShare: Double?

    public init(lines: [Line] = [], scales: [ScaleCare] = [], rsTrustedShare: Double? = nil) {
        (self.lines, self.scales, self.rsTrustedShare) = (lines, scales, rsTrustedShare)
    }

    /// A scale silent this long is shown as offline.
    public static let offlineSeconds: Int64 = 60

    public static func read(_ db: any SQLConnection, balance: BalanceService, readings: ScaleEvents, calendar: PlantCalendar,
                            now: Timestamp) throws -> WallBoard {
        var board = WallBoard()
        for row in try db.query("""
            SELECT id, code FROM workcenters WHERE active_bool AND type NOT IN ('rework_hard', 'rework_soft') ORDER BY code
            """) {
            let workcenter = try row.string("code")
            let running = try db.queryOne("""
                SELECT id FROM sessions WHERE workcenter_id = ? AND status IN ('opened', 'paused') ORDER BY started_at DESC LIMIT 1
                """, try row.string("id"))
            guard let running, let id = Session.ID(try running.string("id")) else {
                board.lines.append(Line(workcenter: workcenter))
                continue
            }
            let gates = try db.queryOne("""
                SELECT COUNT(*) AS n FROM gate_log WHERE released_at IS NULL AND object_type = 'session' AND object_id = ?
                """, id.text)?.int("n") ?? 0
            let session = try Session.load(db, id)
            let shown = Running(id: id, lot: session.partiyaNo, sku: session.sku, paused: session.status == .paused,
                                  pausedByVT: session.status == .paused && session.pauseReason == SessionService.vtPauseReason)
            board.lines.append(Line(workcenter: workcenter, session: shown, balance: try balance.facts(db, id).balance, openGates: Int(gates)))
        }
        for device in try Device.all(db) where device.type == .scale && device.active {
            let silent = try readings.latest(db, device: device).map { Int64(now.seconds(since: $0.ingestedAt)) }
            let expired = Calibration.isExpired(dueAt: device.calibrationDueAt, at: now)
            if expired || silent.map({ $0 > offlineSeconds }) ?? true {
                board.scales.append(ScaleCare(code: device.code, silentSeconds: silent, calibrationExpired: expired))
            }
        }
        board.rsTrustedShare = try RSTrustedShare.read(db, since: calendar.shiftStart(at: now))
        return board
    }
}
