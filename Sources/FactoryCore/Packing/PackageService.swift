import Foundation

/// M5 packing: the weight comes from the line's scale, the length from its counter (or is
/// typed and approved), the tolerance decides ok or review, and the label gets the day's next
/// QR number (spec §6.5, §19.2; DECISIONS B6, B7, B9, B10).
public struct PackageService: Sendable {
    public let audit: AuditLog
    public let binding: ScaleBinding
    public let approvals: ApprovalEngine
    public let calendar: PlantCalendar

    public init(audit: AuditLog, binding: ScaleBinding, approvals: ApprovalEngine, calendar: PlantCalendar) {
        self.audit = audit
        self.binding = binding
        self.approvals = approvals
        self.calendar = calendar
    }

    public enum LengthSource: Sendable {
        /// The latest reading of the line's length counter.
        case counter(device: String)
        /// Typed by the operator: needs a reason and the shop head's approval. When the line's
        /// counter measured the roll as well, the typed length must agree with it within the
        /// SKU's `tolerance_length_pct` (B10).
        case manual(Length, reason: String, counter: String? = nil)
    }

    /// The manual path of §6.5: a weight typed with a reason, taken only while the scale has
    /// no stable reading to bind (RS-first); the package waits as draft_manual for the shop
    /// head, and its weight never counts as trusted (B6).
    public struct TypedWeight: Sendable {
        public var weight: Grams
        public var reason: String

        public init(_ weight: Grams, reason: String) {
            self.weight = weight
            self.reason = reason
        }
    }

    public struct Create: Sendable {
        public var session: Session.ID
        public var scale: String
        public var length: LengthSource
        public var typedWeight: TypedWeight?

        public init(session: Session.ID, scale: String, length: LengthSource, typedWeight: TypedWeight? = nil) {
            self.session = session
            self.scale = scale
            self.length = length
            self.typedWeight = typedWeight
        }
    }

    public func create(_ db: any SQLConnection, by actor: Actor, _ request: Create) throws -> Package {
        try send(db, by: actor, request).get()
    }

    /// `create` with its last statements (the readings' marks, the row) sent and not waited
    /// for: in the write lane's group commit they travel with the next change's first
    /// statements (`Database.writeEach`). The package is read, and the marks confirmed, from
    /// the answer.
    public func send(_ db: any SQLConnection, by actor: Actor, _ request: Create) throws -> Later<Package> {
        try PermissionMatrix.require(actor, .packageCreate)
        if let typed = request.typedWeight { return .known(try createTyped(db, by: actor, request, typed)) }
        let id = Package.ID()
        let object = AuditObject("package", id)
        // This runs for every roll, on the writer: everything the package's row depends on is
        // asked at once (the session's facts, the station's devices, the QR number, the devices'
        // newest readings), and the readings' marks travel with the insert, so that PostgreSQL
        // answers a package's own statements in two exchanges (its audit rows add two at commit),
        // and in a group commit the second is the next change's first.
        var keys = [request.scale]
        switch request.length {
        case .counter(let key), .manual(_, _, let key?): keys.append(key)
        case .manual: break
        }
        let now = audit.clock.now()
        let askedContext = try askPackingContext(db, by: actor, session: request.session)
        let askedDevices = try Device.ask(db, keys)
        let qr = try QRSequence.ask(db, day: calendar.day(of: now))
        let windows = try binding.askWindows(db, keys: keys)
        let context = try askedContext.get()
        let devices = try askedDevices.get()
        let scale = devices[0]
        guard scale.workcenterID == context.workcenterID else {
            throw FactoryError.validation(field: "device_id", reason: "wrong_workcenter", "\(scale.code) does not weigh at this line")
        }
        if let counter = devices.dropFirst().first, counter.workcenterID != context.workcenterID {
            throw FactoryError.validation(field: "length_device_id", reason: "wrong_workcenter", "\(counter.code) does not measure at this line")
        }
        var weighings = [ScaleBinding.Weighing(device: scale, type: .scale)]
        if devices.count > 1 { weighings.append(.init(device: devices[1], type: .lengthCounter)) }
        let marked = try binding.mark(db, weighings, asked: windows, to: object, by: .user(actor))
        let weight = marked.readings[0]
        let length: Length
        let mode: LengthMode
        switch request.length {
        case .counter:
            length = Length.millimetres(marked.readings[1].gross.grams)
            mode = .auto
        case .manual(let typed, let reason, _):
            try RequiredReason.check(reason, "a typed value needs a reason")
            if weighings.count > 1 {
                try checkTypedLength(typed, against: Length.millimetres(marked.readings[1].gross.grams), tolerance: context.lengthTolerance)
            }
            length = typed
            mode = .manual
        }
        let inserted = try insert(db, id: id, context: context, qr: qr, at: now, weight: weight.gross, weightTrusted: true,
                                  scaleEventID: weight.eventID, length: length, mode: mode, manualReason: nil, by: actor)
        if case .manual(_, let reason, _) = request.length {
            _ = try approvals.request(db, by: actor, type: .manualLength, objectType: "package", objectID: id.text,
                                      payload: ["length_um": .int(length.micrometres)], comment: reason)
        }
        return Later {
            try marked.confirmed.get()
            return try inserted.get()
        }
    }

    /// A typed weight (`Create.typedWeight`): refused while the scale has a stable reading to
    /// bind; the length comes from the counter as usual, or is typed and then compared with the
    /// counter's by the SKU's `tolerance_length_pct` when the counter measured the roll (B10).
    private func createTyped(_ db: any SQLConnection, by actor: Actor, _ request: Create, _ typed: TypedWeight) throws -> Package {
        try RequiredReason.check(typed.reason, "a typed weight needs a reason")
        guard typed.weight.grams > 0 else {
            throw FactoryError.validation(field: "weight_kg", reason: "out_of_range", "a package weighs more than 0 kg")
        }
        let id = Package.ID()
        let object = AuditObject("package", id)
        let now = audit.clock.now()
        let context = try askPackingContext(db, by: actor, session: request.session).get()
        let scale = try Device.find(db, request.scale)
        guard scale.workcenterID == context.workcenterID else {
            throw FactoryError.validation(field: "device_id", reason: "wrong_workcenter", "\(scale.code) does not weigh at this line")
        }
        // RS-first: if the scale can bind a reading, a typed weight is refused (and the trial
        // binding rolls back with the refusal).
        do {
            _ = try binding.bind(db, device: scale, to: object, by: .user(actor))
            throw FactoryError.conflict("rs_reading_available",
                                        "\(scale.code) has a stable reading to bind: pack without typing the weight",
                                        details: ["device": scale.code])
        } catch let error as FactoryError where error.reason == "rs_not_found_in_window" {}
        let length: Length
        let mode: LengthMode
        switch request.length {
        case .counter(let key):
            length = Length.millimetres(try counted(db, key, context: context, object: object, by: actor).gross.grams)
            mode = .auto
        case .manual(let typedLength, let reason, let counter):
            try RequiredReason.check(reason, "a typed length needs a reason")
            if let counter {
                let measured = Length.millimetres(try counted(db, counter, context: context, object: object, by: actor).gross.grams)
                try checkTypedLength(typedLength, against: measured, tolerance: context.lengthTolerance)
            }
            length = typedLength
            mode = .manual
        }
        let package = try insert(db, id: id, context: context, qr: try QRSequence.ask(db, day: calendar.day(of: now)), at: now,
                                 weight: typed.weight, weightTrusted: false, scaleEventID: nil, length: length, mode: mode,
                                 manualReason: typed.reason, by: actor).get()
        _ = try approvals.request(db, by: actor, type: .manualWeight, objectType: "package", objectID: id.text,
                                  payload: ["weight_g": .int(typed.weight.grams), "length_um": .int(length.micrometres),
                                            "length_mode": .string(mode.rawValue), "device": .string(scale.code)],
                                  comment: typed.reason)
        return package
    }

    /// The line's counter reading for this roll, bound to it.
    private func counted(_ db: any SQLConnection, _ key: String, context: Context, object: AuditObject, by actor: Actor) throws -> BoundReading {
        let counter = try Device.find(db, key)
        guard counter.workcenterID == context.workcenterID else {
            throw FactoryError.validation(field: "length_device_id", reason: "wrong_workcenter", "\(counter.code) does not measure at this line")
        }
        return try binding.bind(db, device: counter, expecting: .lengthCounter, to: object, by: .user(actor))
    }

    /// B10: a typed length far from what the counter measured is refused with both numbers.
    private func checkTypedLength(_ typed: Length, against counted: Length, tolerance: Percent?) throws {
        guard let tolerance, !Tolerance.lengthAgrees(typed: typed, counted: counted, tolerance: tolerance) else { return }
        throw FactoryError.conflict("length_tolerance_exceeded",
                                    "the typed \(typed.metreText) m is more than \(tolerance.decimalText) % from the counter's \(counted.metreText) m",
                                    details: ["typed_m": typed.metreText, "counted_m": counted.metreText, "tolerance_pct": tolerance.decimalText])
    }

    private struct Context {
        let session: Session.ID
        let workcenterID: String
        let skuID: String
        let skuCode: String
        let factors: Tolerance.Factors
        let degazRequired: Bool
        let lengthTolerance: Percent?
    }

    /// The session's state, line, SKU facts and whether the packer is on its crew, in one
    /// query: it runs for every roll, inside the write that packs it.
    private func askPackingContext(_ db: any SQLConnection, by actor: Actor, session id: Session.ID) throws -> Later<Context> {
        try db.send("""
            SELECT s.status, s.workcenter_id, k.id AS sku_id, k.code AS sku_code, k.kg_per_m2_mg, k.width_um, k.kg_per_m_mg, k.tolerance_weight_mpct,
                   k.degaz_required_bool, k.tolerance_length_mpct,
                   EXISTS (SELECT 1 FROM session_operators o WHERE o.session_id = s.id AND o.user_id = ?) AS on_crew
            FROM sessions s JOIN skus k ON k.id = s.sku_id WHERE s.id = ?
            """, actor.userID, id).map { rows in
            guard let row = rows.first else { throw FactoryError.notFound("session", id.text) }
            let status: SessionStatus = try row.word("status")
            guard status == .opened else {
                throw FactoryError.conflict("session_not_opened", "packing needs an opened session; this one is \(status.rawValue)",
                                            details: ["session_id": id.text, "status": status.rawValue])
            }
            guard try row.bool("on_crew") else {
                throw FactoryError.forbidden("\(actor.username) is not on this session's crew", details: ["session_id": id.text])
            }
            return Context(session: id, workcenterID: try row.string("workcenter_id"), skuID: try row.string("sku_id"),
                           skuCode: try row.string("sku_code"), factors: try Self.factors(row), degazRequired: try row.bool("degaz_required_bool"),
                           lengthTolerance: try row.optionalQuantity("tolerance_length_mpct"))
        }
    }

    /// The session's line and the SKU facts that packing needs.
    static func lineRow(_ db: any SQLConnection, session id: Session.ID) throws -> Row {
        guard let row = try db.queryOne("""
            SELECT s.workcenter_id, k.id AS sku_id, k.kg_per_m2_mg, k.width_um, k.kg_per_m_mg, k.tolerance_weight_mpct, k.degaz_required_bool
            FROM sessions s JOIN skus k ON k.id = s.sku_id WHERE s.id = ?
            """, id) else { throw FactoryError.notFound("session", id.text) }
        return row
    }

    static func factors(_ row: Row) throws -> Tolerance.Factors {
        Tolerance.Factors(kgPerM2: try row.optionalQuantity("kg_per_m2_mg"), width: try row.optionalQuantity("width_um"),
                          kgPerM: try row.optionalQuantity("kg_per_m_mg"), toleranceWeight: try row.optionalQuantity("tolerance_weight_mpct"))
    }

    /// Sends the package's row (and its hold, when the SKU cannot convert length to weight)
    /// and records its audit row; the answer confirms the row was stored. The package is made
    /// from the values written, so nothing is read back.
    private func insert(_ db: any SQLConnection, id: Package.ID, context: Context, qr: Later<QRCode>, at now: Timestamp, weight: Grams,
                        weightTrusted: Bool, scaleEventID: String?, length: Length, mode: LengthMode, manualReason: String?,
                        by actor: Actor) throws -> Later<Package> {
        guard length.micrometres > 0 else {
            throw FactoryError.validation(field: "length_m", reason: "out_of_range", "a package is longer than 0 m")
        }
        let verdict = Tolerance.check(weight: weight, length: length, factors: context.factors)
        let status = PackedStatus.after(verdict, weightTrusted: weightTrusted, lengthMode: mode)
        let qr = try qr.get()
        let package = Package(id: id, sessionID: context.session, sku: context.skuCode, parentID: nil, qrCode: qr.text, weight: weight,
                              weightTrusted: weightTrusted, length: length, lengthMode: mode, lengthTrusted: mode == .auto,
                              toleranceStatus: verdict.status ?? .review, status: status,
                              degazStatus: context.degazRequired ? .pending : nil, createdAt: now)
        let stored = try db.send("""
            INSERT INTO packages (id, session_id, sku_id, qr_code, weight_g, weight_trusted_bool, scale_event_id, manual_reason,
                                  length_um, length_mode, length_trusted_bool, tolerance_status, status, degaz_status,
                                  created_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, id, context.session, context.skuID, package.qrCode, weight, weightTrusted, scaleEventID, manualReason,
            length, mode, mode == .auto, package.toleranceStatus, status, package.degazStatus, actor.userID, now, now)
        var held: SQLAnswer?
        if case .noConversion(let reason) = verdict {
            held = try db.send("""
                INSERT INTO on_hold (id, package_id, qr_code, reason_code, reason, created_by, created_at) VALUES (?, ?, ?, 'no_conversion', ?, ?, ?)
                """, TypedID<Package>(), id, qr.text, reason, actor.userID, now)
        }
        var state = package.auditState.objectFields
        if case .ok(let norm, let deviation) = verdict { state["norm_g"] = .int(norm.grams); state["deviation_mpct"] = .int(deviation.units) }
        if case .review(let norm, let deviation) = verdict { state["norm_g"] = .int(norm.grams); state["deviation_mpct"] = .int(deviation.units) }
        try audit.record(db, by: .user(actor), action: "package.created", object: AuditObject("package", id), new: .object(state))
        return Later {
            guard try stored.changes() == 1, try (held?.changes() ?? 1) == 1 else {
                throw FactoryError.unavailable("package_insert", "the new package was not stored")
            }
            return package
        }
    }
}
