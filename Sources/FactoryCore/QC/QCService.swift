import Foundation

/// M6: the OTK inspector decides awaiting packages with a protocol; the server seals the
/// decision with the e-seal after re-checking the inspector's PIN, and a decided package is
/// closed to every later edit (spec §6.6; DECISIONS B7, B9, B11, B25, B27).
public struct QCService: Sendable {
    public let audit: AuditLog
    public let attempts: CredentialAttempts
    public let calendar: PlantCalendar
    private let seal: ESeal?

    public init(audit: AuditLog, attempts: CredentialAttempts, calendar: PlantCalendar, qcSecret: Data?) {
        self.audit = audit
        self.attempts = attempts
        self.calendar = calendar
        seal = qcSecret.map(ESeal.init(secret:))
    }

    /// The inspector's PIN, checked. bcrypt is slow on purpose, so the check runs on a read
    /// before the decision's write (`checkPIN`), and no other change on the floor waits for it;
    /// a decision takes only an accepted PIN, so none can skip it. A wrong one is recorded
    /// (`refusal`) and counts towards locking the seal (`CredentialAttempts`).
    public struct CheckedPIN: Sendable {
        let inspector: User.ID
        let checked: CredentialAttempts.Checked

        public var isAccepted: Bool { if case .accepted = checked.verdict { true } else { false } }
    }

    public struct Decide: Sendable {
        public var package: Package.ID
        public var decision: QCDecision
        public var protocolNotes: JSONValue
        public var pin: CheckedPIN
        /// For a partial decision: the weight of the part that passes.
        public var okWeight: Grams?

        public init(package: Package.ID, decision: QCDecision, protocolNotes: JSONValue, pin: CheckedPIN, okWeight: Grams? = nil) {
            self.package = package
            self.decision = decision
            self.protocolNotes = protocolNotes
            self.pin = pin
            self.okWeight = okWeight
        }
    }

    public struct Outcome: Sendable, Equatable {
        public let package: Package
        public let eSeal: String
        /// The OK part of a partial decision, with its own label.
        public let okPart: Package?
    }

    /// The OTK queue: packages awaiting a decision, oldest first.
    public func queue(_ db: any SQLConnection, by actor: Actor, workcenter: String? = nil) throws -> [Package] {
        try PermissionMatrix.require(actor, .qcView)
        return try db.query("""
            \(Package.select) JOIN sessions s ON s.id = p.session_id JOIN workcenters w ON w.id = s.workcenter_id
            WHERE p.status = 'awaiting_qc' AND (? = '' OR w.code = ?) ORDER BY p.created_at, p.qr_code
            """, workcenter ?? "", workcenter ?? "").map(Package.init(row:))
    }

    /// Checks the inspector's PIN before a decision (DECISIONS B25); run it on a read.
    public func checkPIN(_ db: any SQLConnection, by actor: Actor, pin: String, channel: String = "api",
                         address: String? = nil) throws -> CheckedPIN {
        try PermissionMatrix.require(actor, .qcDecide)
        let attempt = CredentialAttempts.Attempt(username: actor.username, kind: .pin, purpose: .eSeal, channel: channel, address: address)
        return CheckedPIN(inspector: actor.userID, checked: try attempts.check(db, attempt, secret: pin))
    }

    /// Records a refused PIN (audited, counted, perhaps locking the seal) and answers the error
    /// to throw once this change has committed.
    public func refusal(_ db: any SQLConnection, _ pin: CheckedPIN) throws -> FactoryError {
        try attempts.record(db, pin.checked) ?? Self.badPIN
    }

    private static let badPIN = FactoryError.validation(field: "pin", reason: "wrong_pin", "wrong PIN: the e-seal needs the inspector's own PIN")

    public func decide(_ db: any SQLConnection, by actor: Actor, _ request: Decide) throws -> Outcome {
        try PermissionMatrix.require(actor, .qcDecide)
        guard let seal else {
            throw FactoryError.unavailable("qc_secret_missing", "QC_SECRET is not set: decisions cannot be sealed")
        }
        guard request.pin.inspector == actor.userID, request.pin.isAccepted else { throw Self.badPIN }
        guard case .object(let notes) = request.protocolNotes, !notes.isEmpty else {
            throw FactoryError.validation(field: "protocol", reason: "protocol_required", "a decision needs its protocol")
        }
        let package = try Package.load(db, request.package)
        switch QCGate.check(status: package.status, degassingPending: package.degazStatus == .pending) {
        case .decide:
            break
        case .alreadyDecided:
            throw FactoryError.conflict("already_decided", "\(package.qrCode) was already decided; a decision cannot change",
                                        details: ["qr_code": package.qrCode, "status": package.status.rawValue])
        case .notAwaitingQC:
            throw FactoryError.conflict("not_awaiting_qc", "\(package.qrCode) is \(package.status.rawValue), not waiting for QC",
                                        details: ["qr_code": package.qrCode, "status": package.status.rawValue])
        case .refuse(let gate):
            throw GateRefusal(gate: gate, object: AuditObject("package", package.id), source: .user(actor),
                              ref: ["qr_code": .string(package.qrCode)],
                              error: .gate(gate, "\(package.qrCode) is still degassing; QC waits until it is done",
                                           details: ["qr_code": package.qrCode]))
        }
        let now = audit.clock.now()
        let decision = ESeal.Decision(packageID: package.id.text, decision: request.decision,
                                      protocolJSON: request.protocolNotes.canonicalText, inspectorID: actor.userID.text, time: now)
        let eSeal = seal.seal(decision)
        try db.execute("""
            INSERT INTO qc_records (id, package_id, inspector_id, decision, protocol_json, e_pechat_hash, ts) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, TypedID<Outcome>(), package.id, actor.userID, request.decision, decision.protocolJSON, eSeal, now)
        var okPart: Package?
        switch request.decision {
        case .ok:
            try setStatus(db, package, .qcOK, now)
            try OnHold.releaseCleared(db, audit: audit, by: actor, packageID: package.id.text, qrCode: package.qrCode, gate: .qcNotOKToFG,
                                      because: "QC passed")
        case .reject:
            try setStatus(db, package, .qcReject, now)
            try ScrapLots.attribute(db, package, source: .rejectedPackage, weight: package.weight, by: actor, at: now)
        case .partial:
            guard let ok = request.okWeight, ok.grams > 0, ok < package.weight else {
                throw FactoryError.validation(field: "ok_weight_kg", reason: "bad_split",
                                              "the OK part must weigh more than 0 and less than the package's \(package.weight) kg")
            }
            try setStatus(db, package, .qcPartial, now)
            okPart = try splitOK(db, package, weight: ok, by: actor, now)
            try ScrapLots.attribute(db, package, source: .partialReject, weight: package.weight - ok, by: actor, at: now)
        }
        // The right PIN ends a run of wrong ones.
        _ = try attempts.record(db, request.pin.checked)
        try audit.record(db, by: .user(actor), action: "qc.decided", object: AuditObject("package", package.id),
                         old: ["status": .string(package.status.rawValue)],
                         new: ["decision": .string(request.decision.rawValue), "e_pechat_hash": .string(eSeal),
                               "protocol": request.protocolNotes, "ok_part_qr": JSONValue.from(okPart?.qrCode)])
        return Outcome(package: try Package.load(db, package.id), eSeal: eSeal, okPart: okPart)
    }

    /// A stored decision as every read shows it: with its e-seal checked again (DECISIONS B25),
    /// so an edited record is shown as broken, never passed off as sealed.
    public struct Record: Sendable, Equatable {
        public let decision: QCDecision
        public let inspectorID: String
        public let at: Timestamp
        public let protocolNotes: JSONValue
        public let eSeal: String
        /// Whether the seal matches the record; nil where this process has no QC_SECRET to check it.
        public let sealIntact: Bool?
    }

    public func record(_ db: any SQLConnection, package id: Package.ID) throws -> Record? {
        guard let row = try db.queryOne("SELECT * FROM qc_records WHERE package_id = ?", id) else { return nil }
        let notes = try JSONValue.parse(try row.string("protocol_json"))
        let decision = ESeal.Decision(packageID: id.text, decision: try row.word("decision"), protocolJSON: notes.canonicalText,
                                      inspectorID: try row.string("inspector_id"), time: try row.timestamp("ts"))
        let stored = try row.string("e_pechat_hash")
        return Record(decision: decision.decision, inspectorID: decision.inspectorID, at: decision.time, protocolNotes: notes, eSeal: stored,
                      sealIntact: seal.map { $0.verify(decision, seal: stored) })
    }

    /// Re-computes a stored decision's e-seal: false means the record was edited.
    public func verify(_ db: any SQLConnection, package id: Package.ID) throws -> Bool {
        guard seal != nil else { throw FactoryError.unavailable("qc_secret_missing", "QC_SECRET is not set") }
        guard let record = try record(db, package: id) else { throw FactoryError.notFound("qc_record", id.text) }
        return record.sealIntact == true
    }

    private func setStatus(_ db: any SQLConnection, _ package: Package, _ status: PackageStatus, _ now: Timestamp) throws {
        // Guarded on the old status: two inspectors deciding at once cannot both succeed.
        let changed = try db.execute("UPDATE packages SET status = ?, updated_at = ? WHERE id = ? AND status = 'awaiting_qc'",
                                     status, now, package.id)
        guard changed == 1 else {
            throw FactoryError.conflict("already_decided", "\(package.qrCode) was decided a moment ago", details: ["qr_code": package.qrCode])
        }
    }

    /// B27: the OK part becomes a package of its own with a new label; it needs no new reading.
    private func splitOK(_ db: any SQLConnection, _ parent: Package, weight: Grams, by actor: Actor, _ now: Timestamp) throws -> Package {
        let id = Package.ID()
        let qr = try QRSequence.next(db, day: calendar.day(of: now))
        try db.execute("""
            INSERT INTO packages (id, session_id, sku_id, parent_package_id, qr_code, weight_g, weight_trusted_bool, length_um,
                                  length_mode, length_trusted_bool, tolerance_status, status, degaz_status, created_by, created_at, updated_at)
            SELECT ?, session_id, sku_id, id, ?, ?, weight_trusted_bool, NULL, NULL, NULL, tolerance_status, 'qc_ok', degaz_status, ?, ?, ?
            FROM packages WHERE id = ?
            """, id, qr.text, weight, actor.userID, now, now, parent.id)
        return try Package.load(db, id)
    }
}
