/// The supervisors' board of sessions (spec §17.3, §17.6): each production line with its
/// running session, or free; the sessions closed lately, which a re-open starts from; each with
/// its balance against the limit. The director reads the same entries worst first.
public struct SessionBoard: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let id: Session.ID
        public let workcenter: String
        public let sku: String
        public let lot: String
        public let status: SessionStatus
        public let pausedByVT: Bool
        public let balance: MassBalance
        public let pendingPackages: Int
        public let openGates: Int

        public init(id: Session.ID, workcenter: String, sku: String, lot: String, status: SessionStatus, pausedByVT: Bool = false,
                    balance: MassBalance, pendingPackages: Int = 0, openGates: Int = 0) {
            (self.id, self.workcenter, self.sku, self.lot, self.status) = (id, workcenter, sku, lot, status)
            (self.pausedByVT, self.balance, self.pendingPackages, self.openGates) = (pausedByVT, balance, pendingPackages, openGates)
        }

        /// How far the delta has used up its limit, in thousandths; a delta with no allowance
        /// at all (no input yet) counts as fully used when it is not zero.
        public var deltaUse: Int64 {
            let limit = balance.limit.grams, delta = balance.delta.grams
            guard limit > 0 else { return delta > 0 ? Int64.max : 0 }
            return delta * 1000 / limit
        }
    }

    /// The production lines with no session opened or paused: a new one may start there.
    public var freeLines: [String] = []
    /// The running sessions by line, then the sessions closed since the board's horizon, newest first.
    public var sessions: [Entry] = []

    public init(freeLines: [String] = [], sessions: [Entry] = []) {
        (self.freeLines, self.sessions) = (freeLines, sessions)
    }

    /// Every session on the board, the one whose delta uses most of its limit first.
    public var worstFirst: [Entry] {
        sessions.enumerated().sorted { a, b in
            a.element.deltaUse != b.element.deltaUse ? a.element.deltaUse > b.element.deltaUse : a.offset < b.offset
        }.map(\.element)
    }

    public static func read(_ db: any SQLConnection, balance: BalanceService, closedSince: Timestamp) throws -> SessionBoard {
        var board = SessionBoard()
        for row in try db.query("""
            SELECT id, code FROM workcenters WHERE active_bool AND type NOT IN ('rework_hard', 'rework_soft') ORDER BY code
            """) {
            let running = try db.query("""
                SELECT id FROM sessions WHERE workcenter_id = ? AND status IN ('opened', 'paused') ORDER BY started_at
                """, try row.string("id"))
            if running.isEmpty { board.freeLines.append(try row.string("code")) }
            for session in running { board.sessions.append(try entry(db, balance, try session.id("id"))) }
        }
        for row in try db.query("SELECT id FROM sessions WHERE status = 'closed' AND ended_at >= ? ORDER BY ended_at DESC", closedSince) {
            board.sessions.append(try entry(db, balance, try row.id("id")))
        }
        return board
    }

    static func entry(_ db: any SQLConnection, _ balance: BalanceService, _ id: Session.ID) throws -> Entry {
        let session = try Session.load(db, id)
        let facts = try balance.facts(db, id)
        let gates = try db.queryOne("""
            SELECT COUNT(*) AS n FROM gate_log WHERE released_at IS NULL AND object_type = 'session' AND object_id = ?
            """, id.text)?.int("n") ?? 0
        return Entry(id: id, workcenter: session.workcenter, sku: session.sku, lot: session.partiyaNo, status: session.status,
                     pausedByVT: session.status == .paused && session.pauseReason == SessionService.vtPauseReason,
                     balance: facts.balance, pendingPackages: facts.pendingPackages, openGates: Int(gates))
    }
}
