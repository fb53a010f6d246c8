import Foundation

/// M9: the FG storekeeper scans a label; only a QC-passed, degassed package that was not
/// received before comes in. A refused scan quarantines the package (OnHold) and leaves its
/// gate on record; the shop head releases holds (spec §3 M9; DECISIONS B4, B9).
public struct FGService: Sendable {
    public let audit: AuditLog
    /// `DEGAZ_GATE_FG`.
    public let degazGate: Bool

    public init(audit: AuditLog, degazGate: Bool) {
        self.audit = audit
        self.degazGate = degazGate
    }

    public func receive(_ db: any SQLConnection, by actor: Actor, scanned: String, location: String = "FG") throws -> Package {
        try PermissionMatrix.require(actor, .fgReceive)
        guard let code = QRCode(scanned: scanned) else {
            throw FactoryError.validation(field: "qr_code", reason: "not_a_label", "'\(scanned)' is not an FG label (FG-YYYY-MM-DD-NNNNNN)")
        }
        guard let package = try Package.find(db, qrCode: code.text) else { throw FactoryError.notFound("package", code.text) }
        guard let place = try db.queryOne("SELECT id, kind FROM stock_locations WHERE code = ?", location),
              try place.word("kind", as: LocationKind.self) == .fg else {
            throw FactoryError.validation(field: "location_id", reason: "not_fg", "\(location) is not a finished-goods location")
        }
        if !(try OnHold.open(db, qrCode: code.text)).isEmpty {
            throw FactoryError.conflict("on_hold", "\(code.text) is on hold; the shop head must release it first",
                                        details: ["qr_code": code.text])
        }
        func refuse(_ gate: GateType, _ message: String) -> GateRefusal {
            GateRefusal(gate: gate, object: AuditObject("package", package.id), source: .user(actor),
                        ref: ["qr_code": .string(code.text), "status": .string(package.status.rawValue)],
                        error: .gate(gate, message, details: ["qr_code": code.text]),
                        hold: .init(packageID: package.id.text, qrCode: code.text))
        }
        let now = audit.clock.now()
        let receipt = try db.queryOne("""
            SELECT ts, by_user, to_location_id FROM stock_txn WHERE type = 'FG_RECEIVE' AND batch_no = ? ORDER BY ts DESC LIMIT 1
            """, code.text).map {
            FGGate.Receipt(at: try $0.timestamp("ts"), by: try $0.string("by_user"), location: try $0.string("to_location_id"))
        }
        let scan = FGGate.Receipt(at: now, by: actor.userID.text, location: try place.string("id"))
        switch FGGate.check(status: package.status, degassingPending: package.degazStatus == .pending, degazGate: degazGate,
                            receipt: receipt, scan: scan) {
        case .receive:
            break
        case .alreadyReceived:
            throw FactoryError.conflict("already_received", "\(code.text) was received a moment ago by you; nothing more to do",
                                        details: ["qr_code": code.text, "received_at": receipt.map { $0.at.description } ?? ""])
        case .refuse(.qrDuplicate):
            throw refuse(.qrDuplicate, "\(code.text) is already in FG: this label was scanned before")
        case .refuse(.degazGate):
            throw refuse(.degazGate, "\(code.text) is still degassing; the shop head or technologist marks it done, then scan it again")
        case .refuse(let gate):
            throw refuse(gate, "\(code.text) has not passed QC (status \(package.status.rawValue)); OTK decides it, then scan it again")
        }
        try db.execute("UPDATE packages SET status = 'fg_received', location_id = ?, updated_at = ? WHERE id = ?",
                       try place.string("id"), now, package.id)
        try db.execute("""
            INSERT INTO stock_txn (id, type, to_location_id, item_type, sku_id, batch_no, qty_milli, uom, ts, by_user, ref_doc)
            SELECT ?, 'FG_RECEIVE', ?, 'sku', sku_id, qr_code, weight_g, 'kg', ?, ?, ? FROM packages WHERE id = ?
            """, TypedID<Package>(), try place.string("id"), now, actor.userID,
            JSONValue.object(["package_id": .string(package.id.text)]).canonicalText, package.id)
        // The roll is stock of its FG location: a position of its own, its label the batch.
        try db.execute("""
            INSERT INTO stock_items (id, location_id, item_type, sku_id, batch_no, qty_milli, uom, degaz_status)
            SELECT ?, ?, 'sku', sku_id, qr_code, weight_g, 'kg', degaz_status FROM packages WHERE id = ?
            """, TypedID<Package>(), try place.string("id"), package.id)
        try audit.record(db, by: .user(actor), action: "fg.received", object: AuditObject("package", package.id),
                         old: ["status": .string(package.status.rawValue)], new: ["status": "fg_received", "location": .string(location)])
        return try Package.load(db, package.id)
    }

    /// Releases every open hold of a QR code, with the gates their refused scans opened; the
    /// reason is the release protocol.
    public func release(_ db: any SQLConnection, by actor: Actor, qrCode: String, reason: String) throws -> Int {
        try PermissionMatrix.require(actor, .fgOnHoldRelease)
        try RequiredReason.check(reason, "a release needs its reason")
        let code = QRCode(scanned: qrCode)?.text ?? qrCode
        let released = try OnHold.release(db, audit: audit, by: actor, qrCode: code, reason: reason)
        guard released > 0 else { throw FactoryError.notFound("on_hold", code) }
        return released
    }

    /// Degassing done for a package, by the shop head or the technologist (B9).
    public func setDegassingDone(_ db: any SQLConnection, by actor: Actor, qrCode: String) throws -> Package {
        try PermissionMatrix.require(actor, .degassingSetDone)
        let code = QRCode(scanned: qrCode)?.text ?? qrCode
        guard let package = try Package.find(db, qrCode: code) else { throw FactoryError.notFound("package", code) }
        let changed = try db.execute("UPDATE packages SET degaz_status = 'done', updated_at = ? WHERE id = ? AND degaz_status = 'pending'",
                                     audit.clock.now(), package.id)
        guard changed == 1 else {
            throw FactoryError.conflict("degassing_not_pending", "\(code) has no pending degassing")
        }
        try audit.record(db, by: .user(actor), action: "package.degassing_done", object: AuditObject("package", package.id),
                         old: ["degaz_status": "pending"], new: ["degaz_status": "done"])
        try OnHold.releaseCleared(db, audit: audit, by: actor, packageID: package.id.text, qrCode: package.qrCode, gate: .degazGate,
                                  because: "degassing done")
        return try Package.load(db, package.id)
    }

    /// Degassing is often done for a whole lot in one chamber (DECISIONS B9): every package of
    /// the lot (`partiya_no`) still pending is marked done in one transaction, each audited.
    /// Returns the packages changed; a lot with nothing pending is a conflict, not a silent no-op.
    public func setDegassingDone(_ db: any SQLConnection, by actor: Actor, lot: String) throws -> [Package] {
        try PermissionMatrix.require(actor, .degassingSetDone)
        let lot = lot.trimmingCharacters(in: .whitespaces)
        guard !lot.isEmpty else {
            throw FactoryError.validation(field: "partiya_no", reason: "empty_value", "name the lot (partiya) whose degassing is done")
        }
        let pending = try db.query("""
            \(Package.select) JOIN sessions s ON s.id = p.session_id
            WHERE s.partiya_no = ? AND p.degaz_status = 'pending' ORDER BY p.qr_code
            """, lot).map(Package.init(row:))
        guard !pending.isEmpty else {
            throw FactoryError.conflict("degassing_not_pending", "lot \(lot) has no package with pending degassing", details: ["partiya_no": lot])
        }
        let now = audit.clock.now()
        for package in pending {
            try db.execute("UPDATE packages SET degaz_status = 'done', updated_at = ? WHERE id = ?", now, package.id)
            try audit.record(db, by: .user(actor), action: "package.degassing_done", object: AuditObject("package", package.id),
                             old: ["degaz_status": "pending"], new: ["degaz_status": "done", "partiya_no": .string(lot)])
            try OnHold.releaseCleared(db, audit: audit, by: actor, packageID: package.id.text, qrCode: package.qrCode, gate: .degazGate,
                                      because: "degassing done for lot \(lot)")
        }
        return try pending.map { try Package.load(db, $0.id) }
    }
}
