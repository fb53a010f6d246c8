/// The shop head's decisions on packages (spec §6.5 review, §3.3 manual entries; DECISIONS B6,
/// B7): a tolerance breach is submitted for review; typed weights and lengths wait for
/// approval. Every decision goes through the one approval engine.
extension PackageService {
    /// The operator sends a package that missed its tolerance to the shop head, with a reason.
    public func submitReview(_ db: any SQLConnection, by actor: Actor, package id: Package.ID, reason: String) throws -> Approval {
        try PermissionMatrix.require(actor, .packageReviewSubmit)
        try RequiredReason.check(reason, "a typed value needs a reason")
        let package = try Package.load(db, id)
        guard package.status == .review else {
            throw FactoryError.conflict("not_in_review", "\(package.qrCode) is \(package.status.rawValue); only a package in review is submitted",
                                        details: ["qr_code": package.qrCode])
        }
        return try approvals.request(db, by: actor, type: .reviewTolerance, objectType: "package", objectID: id.text,
                                     payload: ["weight_g": .int(package.weight.grams)], comment: reason)
    }

    /// Approves or rejects a package's review or manual entry and moves the package on:
    /// approved → on to QC (or to review when the typed values miss the tolerance);
    /// a rejected review → rework like a QC reject; a rejected manual entry → OnHold.
    public func decide(_ db: any SQLConnection, by actor: Actor, approval id: Approval.ID, approve: Bool, comment: String?) throws -> Package {
        let pending = try approvals.find(db, id)
        guard pending.objectType == "package", let packageID = Package.ID(pending.objectID),
              [.reviewTolerance, .manualWeight, .manualLength].contains(pending.type) else {
            throw FactoryError.validation(field: "approval_id", reason: "not_a_package_approval", "this approval is not about a package")
        }
        let approval = try approvals.decide(db, by: actor, approval: id, approve: approve, comment: comment)
        let package = try Package.load(db, packageID)
        let now = audit.clock.now()
        let next: PackageStatus
        switch (approval.type, approval.state) {
        case (.reviewTolerance, .approved):
            next = .awaitingQC
        case (.reviewTolerance, .rejected):
            next = .qcReject
            try ScrapLots.attribute(db, package, source: .rejectedPackage, weight: package.weight, by: actor, at: now)
        case (_, .rejected):
            next = .onHold
            try OnHold.place(db, audit: audit, by: .user(actor), packageID: package.id.text, qrCode: package.qrCode, gate: nil,
                             reason: "manual entry rejected: \(comment ?? "no reason given")")
        default:
            let open = try db.queryOne("""
                SELECT COUNT(*) AS n FROM approvals WHERE object_type = 'package' AND object_id = ? AND state = 'pending'
                  AND type IN ('manual_weight', 'manual_length')
                """, package.id)?.int("n") ?? 0
            guard open == 0 else { return package }
            next = package.toleranceStatus == .ok ? .awaitingQC : .review
        }
        let changed = try db.execute("UPDATE packages SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                                     next, now, package.id, package.status)
        guard changed == 1 else {
            throw FactoryError.conflict("package_changed", "\(package.qrCode) changed meanwhile; look again", details: ["qr_code": package.qrCode])
        }
        try audit.record(db, by: .user(actor), action: "package.status_changed", object: AuditObject("package", package.id),
                         old: ["status": .string(package.status.rawValue)],
                         new: ["status": .string(next.rawValue), "approval": .string(approval.type.rawValue)])
        return try Package.load(db, package.id)
    }
}
