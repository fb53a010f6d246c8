import Foundation

/// M3: starting, pausing and resuming sessions with their gates, and weighing material into
/// them (DECISIONS B2, B3, B15, B16).
public struct SessionService: Sendable {
    public let audit: AuditLog
    public let gates: GateLog
    public let binding: ScaleBinding
    public let users: UserService
    /// `VT_GATE_HARD`: a VT-limit breach pauses the session (else it is only recorded).
    public let vtGateHard: Bool
    /// `STRICT_RS_ONLY`: off, an input may be typed with a reason for approval (`StockWeight`).
    public let strictRSOnly: Bool
    public let approvals: ApprovalEngine

    public init(audit: AuditLog, gates: GateLog, binding: ScaleBinding, users: UserService, vtGateHard: Bool,
                approvals: ApprovalEngine, strictRSOnly: Bool = true) {
        self.audit = audit
        self.gates = gates
        self.binding = binding
        self.users = users
        self.vtGateHard = vtGateHard
        self.approvals = approvals
        self.strictRSOnly = strictRSOnly
    }

    public struct Start: Sendable {
        public var workcenter: String
        public var sku: String
        public var partiyaNo: String
        public var shift: Shift
        /// Usernames or ids of 1–2 operators.
        public var operators: [String]

        public init(workcenter: String, sku: String, partiyaNo: String, shift: Shift, operators: [String]) {
            self.workcenter = workcenter
            self.sku = sku
            self.partiyaNo = partiyaNo
            self.shift = shift
            self.operators = operators
        }
    }

    public func start(_ db: any SQLConnection, by actor: Actor, _ request: Start) throws -> Session {
        try PermissionMatrix.require(actor, .sessionStart)
        let partiya = request.partiyaNo.trimmingCharacters(in: .whitespaces)
        guard !partiya.isEmpty else {
            throw FactoryError.validation(field: "partiya_no", reason: "empty_value", "the lot number (partiya) is required")
        }
        guard let workcenter = try db.queryOne("SELECT id, code, active_bool FROM workcenters WHERE code = ? OR CAST(id AS TEXT) = ?",
                                               request.workcenter, request.workcenter.lowercased()) else {
            throw FactoryError.notFound("workcenter", request.workcenter)
        }
        let workcenterCode = try workcenter.string("code")
        guard try workcenter.bool("active_bool") else {
            throw FactoryError.conflict("workcenter_inactive", "\(workcenterCode) is switched off in the system")
        }
        // One running session per line: its scale and counter bind to one session at a time.
        // Touching the line's row makes two starts on it wait for each other.
        try db.execute("UPDATE workcenters SET code = code WHERE id = ?", try workcenter.string("id"))
        if let running = try db.queryOne("SELECT id, status FROM sessions WHERE workcenter_id = ? AND status IN ('opened', 'paused')",
                                         try workcenter.string("id")) {
            throw FactoryError.conflict("workcenter_busy", "\(workcenterCode) already runs a session (\(try running.string("status"))); close it first",
                                        details: ["workcenter": workcenterCode, "session_id": try running.string("id")])
        }
        guard let sku = try db.queryOne("SELECT id, code FROM skus WHERE code = ? OR CAST(id AS TEXT) = ?",
                                        request.sku, request.sku.lowercased()) else {
            throw FactoryError.notFound("sku", request.sku)
        }
        let now = audit.clock.now()
        let crew = try crew(db, named: request.operators, workcenter: workcenterCode, at: now, lock: true)
        let sessionID = Session.ID()
        let object = AuditObject("session", sessionID)
        // A refused crew is recorded against the operator: the session never existed.
        func operatorObject(_ username: String) -> AuditObject {
            AuditObject("user", crew.first { $0.0.username == username }?.0.id.text)
        }
        if let refusal = OperatorLimits.check(crew: crew.map(\.1)).first {
            switch refusal {
            case .crewSize(let count):
                throw FactoryError.validation(field: "operators", reason: "crew_size", "a session has 1 or 2 operators, not \(count)")
            case .tooManyLines(let username, let lines, let allowed):
                throw GateRefusal(gate: .gt2Extruder, object: operatorObject(username), source: .user(actor),
                                  ref: ["operator": .string(username), "workcenter": .string(workcenterCode), "lines": .int(Int64(lines))],
                                  error: .gate(.gt2Extruder, "\(username) would run \(lines) lines; the grade allows \(allowed)",
                                               details: ["operator": username]))
            case .notQualified(let username):
                throw GateRefusal(gate: .e3Qualification, object: operatorObject(username), source: .user(actor),
                                  ref: ["operator": .string(username), "workcenter": .string(workcenterCode)],
                                  error: .gate(.e3Qualification, "\(username) is not qualified for \(workcenterCode)",
                                               details: ["operator": username, "workcenter": workcenterCode]))
            }
        }
        let recipe = try RecipeSnapshot.published(db, skuID: try sku.string("id"), skuCode: try sku.string("code"))
        try db.execute("""
            INSERT INTO sessions (id, workcenter_id, sku_id, recipe_id, partiya_no, shift, status, started_at, opened_by, recipe_snapshot_json)
            VALUES (?, ?, ?, ?, ?, ?, 'opened', ?, ?, ?)
            """, sessionID, try workcenter.string("id"), try sku.string("id"), recipe.recipeID, partiya, request.shift, now,
            actor.userID, recipe.json.canonicalText)
        for (user, _) in crew {
            try db.execute("INSERT INTO session_operators (session_id, user_id) VALUES (?, ?)", sessionID, user.id)
        }
        let session = try Session.load(db, sessionID)
        try audit.record(db, by: .user(actor), action: "session.started", object: object,
                         new: ["workcenter": .string(session.workcenter), "sku": .string(session.sku),
                               "partiya_no": .string(partiya), "shift": .string(request.shift.rawValue),
                               "operators": .array(session.operators.map(JSONValue.string)), "recipe": recipe.json])
        return session
    }

    /// The crew as the operator rules see it: each named operator, active, with the lines they
    /// already run and whether they are qualified for the workcenter. With `lock`, each
    /// operator's row is touched so that concurrent starts with the same operator wait for
    /// each other and the open-line count cannot be stale.
    func crew(_ db: any SQLConnection, named operators: [String], workcenter: String, at now: Timestamp,
              lock: Bool) throws -> [(User, OperatorLimits.Operator)] {
        let names = operators.map { $0.trimmingCharacters(in: .whitespaces) }
        guard Set(names).count == names.count else {
            throw FactoryError.validation(field: "operators", reason: "duplicate_operator", "an operator is named twice")
        }
        return try names.map { name in
            let user = try TypedID<User>(name).map { try users.find(db, id: $0) } ?? users.find(db, username: name)
            guard user.position == .operator, user.status == .active else {
                throw FactoryError.validation(field: "operators", reason: "not_an_operator", "\(user.username) is not an active operator")
            }
            if lock { try db.execute("UPDATE users SET updated_at = updated_at WHERE id = ?", user.id) }
            let open = try db.queryOne("""
                SELECT COUNT(*) AS n FROM session_operators o JOIN sessions s ON s.id = o.session_id
                WHERE o.user_id = ? AND s.status IN ('opened', 'paused')
                """, user.id)?.int("n") ?? 0
            return (user, OperatorLimits.Operator(username: user.username, grade: user.grade, openSessions: Int(open),
                                                  qualified: try users.isQualified(db, user: user.id, workcenter: workcenter, at: now)))
        }
    }

    public func pause(_ db: any SQLConnection, by actor: Actor, session id: Session.ID, reason: String) throws -> Session {
        try PermissionMatrix.require(actor, .sessionPauseResume)
        let reason = try RequiredReason.check(reason, "say why the line stops")
        return try move(db, by: .user(actor), id, from: .opened, to: .paused, reason: reason)
    }

    /// Resumes a paused session; an open VT-limit gate keeps it paused until released.
    public func resume(_ db: any SQLConnection, by actor: Actor, session id: Session.ID) throws -> Session {
        try PermissionMatrix.require(actor, .sessionPauseResume)
        if let gate = try gates.openGates(db, on: AuditObject("session", id)).first(where: { $0.gateType == .vtLimit }) {
            throw FactoryError.gate(.vtLimit, "the VT limit gate is open; the technologist must release it first",
                                    details: ["gate_id": gate.id.text])
        }
        return try move(db, by: .user(actor), id, from: .paused, to: .opened, reason: nil)
    }

    /// Releases a gate held on a session (the technologist for `vt_limit`) and resumes the
    /// session when that gate was what paused it.
    public func releaseGate(_ db: any SQLConnection, by actor: Actor, gate id: GateRecord.ID, note: String) throws -> Session {
        let gate = try gates.release(db, by: actor, gate: id, note: note)
        guard gate.objectType == "session", let sessionID = Session.ID(gate.objectID) else {
            throw FactoryError.validation(field: "gate_id", reason: "not_a_session_gate", "this gate does not hold a session")
        }
        let session = try Session.load(db, sessionID)
        let stillOpen = try gates.openGates(db, on: AuditObject("session", sessionID)).contains { $0.gateType == .vtLimit }
        guard session.status == .paused, session.pauseReason == Self.vtPauseReason, !stillOpen else { return session }
        return try move(db, by: .user(actor), sessionID, from: .paused, to: .opened, reason: nil)
    }

    public static let vtPauseReason = "vt_limit"

    private func move(_ db: any SQLConnection, by source: AuditSource, _ id: Session.ID, from: SessionStatus, to: SessionStatus,
                      reason: String?) throws -> Session {
        let changed = try db.execute("UPDATE sessions SET status = ?, pause_reason = ? WHERE id = ? AND status = ?",
                                     to, reason, id, from)
        guard changed == 1 else {
            let current = try Session.load(db, id)
            throw FactoryError.conflict("session_not_\(from.rawValue)", "the session is \(current.status.rawValue), not \(from.rawValue)",
                                        details: ["session_id": id.text, "status": current.status.rawValue])
        }
        try audit.record(db, by: source, action: "session.\(to == .paused ? "paused" : "resumed")", object: AuditObject("session", id),
                         old: ["status": .string(from.rawValue)], new: ["status": .string(to.rawValue), "reason": JSONValue.from(reason)])
        return try Session.load(db, id)
    }

    /// What an input did to the session.
    public struct InputResult: Sendable, Equatable {
        public let quantity: Grams
        public let vtShare: Percent
        /// The VT-limit gate this input tripped, if it did.
        public let vtGate: GateRecord.ID?
        public let session: Session
        /// The approval a typed weight waits for.
        public var approvalID: Approval.ID? = nil
    }

    /// B15: material weighed out of SHOP into an opened session on a SHOP scale. When the VT
    /// share of the session's input passes the recipe's limit, the gate opens and, with
    /// VT_GATE_HARD, the session pauses.
    public func addInput(_ db: any SQLConnection, by actor: Actor, session id: Session.ID, _ line: StockService.WeighLine) throws -> InputResult {
        try PermissionMatrix.require(actor, .stockIssueToSession)
        let session = try Session.load(db, id)
        guard session.status == .opened else {
            throw FactoryError.conflict("session_not_opened", "material goes only into an opened session; this one is \(session.status.rawValue)",
                                        details: ["session_id": id.text, "status": session.status.rawValue])
        }
        let material = try Material.find(db, line.material)
        let batch = try StockService.batchNumber(line.batchNo)
        let linkID = TypedID<InputResult>()
        var weight = try StockWeight.take(line.source, strictRSOnly: strictRSOnly) { key in
            let device = try Device.find(db, key)
            try device.require(at: .shop)
            return try binding.bind(db, device: device, to: AuditObject("session_input", linkID), by: .user(actor))
        }
        let ledger = StockLedger(db: db)
        try ledger.remove(weight.gross, from: .shop, material: material, batch: batch)
        let now = audit.clock.now()
        let txn = try ledger.journal(.shopToSession, from: .shop, to: nil, material: material, batch: batch, quantity: weight.gross,
                                     at: now, by: actor, sessionID: id.text, scaleEventID: weight.eventID)
        try weight.requestApproval(db, approvals: approvals, by: actor, stockTxn: txn, material: material.code, batch: batch)
        let component: ComponentType = switch material.category {
        case .perv: .perv
        case .vt: .vt
        case .additiv: .additiv
        }
        try db.execute("""
            INSERT INTO session_input_link (id, session_id, stock_txn_id, material_id, comp_type, qty_g, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, linkID, id, txn, material.id, component, weight.gross, now)
        try audit.record(db, by: .user(actor), action: "session.input_added", object: AuditObject("session", id),
                         new: ["material": .string(material.code), "batch_no": .string(batch), "qty_g": .int(weight.gross.grams)])

        let totals = try db.queryOne("""
            SELECT COALESCE(SUM(qty_g), 0) AS total, COALESCE(SUM(CASE WHEN comp_type = 'vt' THEN qty_g ELSE 0 END), 0) AS vt
            FROM session_input_link WHERE session_id = ?
            """, id)
        let total = Grams(try totals?.int("total") ?? 0)
        let vt = Grams(try totals?.int("vt") ?? 0)
        let share = VTShare.share(vt: vt, total: total)
        var gateID: GateRecord.ID?
        if VTShare.exceeds(vt: vt, total: total, limit: session.recipe.vtLimit) {
            let gate = try gates.open(db, by: .user(actor), gate: .vtLimit, object: AuditObject("session", id),
                                      ref: ["vt_g": .int(vt.grams), "total_g": .int(total.grams), "limit_mpct": .int(session.recipe.vtLimit.units)],
                                      note: "VT share \(share) % is over the recipe's \(session.recipe.vtLimit) %")
            gateID = gate.id
            if vtGateHard { _ = try move(db, by: .user(actor), id, from: .opened, to: .paused, reason: Self.vtPauseReason) }
        }
        return InputResult(quantity: weight.gross, vtShare: share, vtGate: gateID, session: try Session.load(db, id), approvalID: weight.approvalID)
    }
}
