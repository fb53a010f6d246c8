/// A supervisor's inbox (spec §18): the approvals waiting for a step this person may decide
/// now, newest first, each with the facts needed to decide it.
public struct ApprovalInbox: Sendable {
    public struct Item: Sendable, Equatable {
        public let approval: Approval
        /// Which of its steps is waiting (1-based) and of how many.
        public let step: Int
        /// The package it is about, when it is about one: label, weight and length.
        public let package: Package?
        /// Who asked (their reason is the approval's comment).
        public let requestedBy: String
        /// The package's weight against its norm: what a tolerance review is decided on.
        public let norm: PackageNorm?

        public init(approval: Approval, step: Int, package: Package?, requestedBy: String, norm: PackageNorm? = nil) {
            (self.approval, self.step, self.package, self.requestedBy, self.norm) = (approval, step, package, requestedBy, norm)
        }
    }

    public static func read(_ db: any SQLConnection, for actor: Actor, engine: ApprovalEngine) throws -> [Item] {
        try engine.pending(db).reversed().compactMap { approval -> Item? in
            let steps = ApprovalPolicy.steps(for: approval.type)
            guard approval.stepsDone < steps.count, PermissionMatrix.allows(actor.position, steps[approval.stepsDone]) else { return nil }
            let package = approval.objectType == "package" ? try Package.ID(approval.objectID).map { try Package.load(db, $0) } : nil
            let asker = try db.queryOne("SELECT username FROM users WHERE id = ?", approval.requestedBy)?.string("username") ?? "?"
            return Item(approval: approval, step: approval.stepsDone + 1, package: package, requestedBy: asker,
                        norm: try package.flatMap { try PackageNorm.of(db, $0) })
        }
    }
}
