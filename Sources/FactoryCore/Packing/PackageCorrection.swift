/// Correcting a package before QC: a roll put back on the line's scale, or a length the
/// counter got wrong. Only the crew and the shop head may; OTK never edits what it judges
/// (spec §9.4: "OTK editing RS or length → 403"), and after the decision nobody may.
extension PackageService {
    public enum Correction: Sendable {
        /// Weighed again on the line's scale; the new stable reading replaces the old one.
        case reweigh(scale: String)
        /// A corrected length with the reason; the length stops counting as measured.
        case length(Length, reason: String)
    }

    public func correct(_ db: any SQLConnection, by actor: Actor, package id: Package.ID, _ correction: Correction) throws -> Package {
        try PermissionMatrix.require(actor, .packageCorrect)
        let package = try Package.load(db, id)
        guard !package.status.isDecided else {
            throw FactoryError.conflict("already_decided", "\(package.qrCode) is \(package.status.rawValue): a decided package cannot be changed",
                                        details: ["qr_code": package.qrCode, "status": package.status.rawValue])
        }
        let line = try Self.lineRow(db, session: package.sessionID)
        var weight = package.weight, trusted = package.weightTrusted, eventID: String? = nil
        var length = package.length ?? Length(units: 0), mode = package.lengthMode ?? .manual, lengthTrusted = package.lengthTrusted ?? false
        switch correction {
        case .reweigh(let key):
            let scale = try Device.find(db, key)
            guard scale.workcenterID == (try line.string("workcenter_id")) else {
                throw FactoryError.validation(field: "device_id", reason: "wrong_workcenter", "\(scale.code) does not weigh at this line")
            }
            let reading = try binding.bind(db, device: scale, to: AuditObject("package", id), by: .user(actor))
            (weight, trusted, eventID) = (reading.gross, true, reading.eventID)
        case .length(let typed, let reason):
            try RequiredReason.check(reason, "a corrected length needs a reason")
            guard typed.micrometres > 0 else {
                throw FactoryError.validation(field: "length_m", reason: "out_of_range", "a package is longer than 0 m")
            }
            (length, mode, lengthTrusted) = (typed, .manual, false)
        }
        let verdict = Tolerance.check(weight: weight, length: length, factors: try Self.factors(line))
        // A package waiting for QC or review follows its new tolerance; a draft stays with its
        // pending approval and a held package stays held.
        let status: PackageStatus = switch (package.status, verdict.status) {
        case (.awaitingQC, .review?), (.review, .review?): .review
        case (.awaitingQC, .ok?), (.review, .ok?): .awaitingQC
        default: package.status
        }
        let changed = try db.execute("""
            UPDATE packages SET weight_g = ?, weight_trusted_bool = ?, scale_event_id = COALESCE(?, scale_event_id), length_um = ?,
                   length_mode = ?, length_trusted_bool = ?, tolerance_status = ?, status = ?, updated_at = ?
            WHERE id = ? AND status = ?
            """, weight, trusted, eventID, length, mode, lengthTrusted, verdict.status ?? package.toleranceStatus, status,
            audit.clock.now(), id, package.status)
        guard changed == 1 else {
            throw FactoryError.conflict("package_changed", "\(package.qrCode) changed meanwhile; look again", details: ["qr_code": package.qrCode])
        }
        let corrected = try Package.load(db, id)
        var state = corrected.auditState.objectFields
        if case .length(_, let reason) = correction { state["reason"] = .string(reason) }
        try audit.record(db, by: .user(actor), action: "package.corrected", object: AuditObject("package", id),
                         old: package.auditState, new: .object(state))
        return corrected
    }
}
