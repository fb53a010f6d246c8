/// Group commit: several independent changes in one transaction, each inside a savepoint of
/// its own, so the database commits once for all of them while each still succeeds or fails
/// alone. A server that has twenty "pack" presses waiting writes them with one commit and
/// one hand-over of the writer instead of twenty.
public struct GroupMember {
    public let body: (any SQLConnection) throws -> Void
    /// Written without a savepoint: a change that all but never fails, such as storing a scale
    /// reading, saves the savepoint's round trip on PostgreSQL. When it fails after all, the
    /// whole group is rolled back and every member written again alone, as when the shared
    /// transaction fails, so it never leaves half of itself behind.
    public let unguarded: Bool

    public init(unguarded: Bool = false, _ body: @escaping (any SQLConnection) throws -> Void) {
        self.body = body
        self.unguarded = unguarded
    }
}

extension Database {
    /// Runs every body; the answer holds, in order, nil for a body whose change is committed
    /// and the error of one that threw (its change rolled back, the others' kept).
    public func writeEach(_ bodies: [(any SQLConnection) throws -> Void]) -> [(any Error)?] {
        writeEach(bodies.map { GroupMember($0) })
    }

    /// As above, for members some of which are unguarded.
    ///
    /// When the shared transaction itself fails (it cannot begin, a failed statement took the
    /// whole transaction with it, an unguarded member failed, the commit fails), nothing of it
    /// is kept and every body runs again in a transaction of its own, so no body pays for
    /// another's failure.
    public func writeEach(_ members: [GroupMember]) -> [(any Error)?] {
        guard members.count > 1 else { return members.map { writeAlone($0.body) } }
        var outcomes = [(any Error)?](repeating: nil, count: members.count)
        do {
            try write { db in
                var savepoint = false
                for (index, member) in members.enumerated() {
                    if member.unguarded {
                        try member.body(db)
                        // A failure held back until a later member would be taken for that member's.
                        try db.flush()
                        continue
                    }
                    // Sent ahead: on PostgreSQL they travel with the member's first statement.
                    if savepoint { _ = try db.send("RELEASE group_member") }
                    _ = try db.send("SAVEPOINT group_member")
                    savepoint = true
                    let audited = db.pendingAudit.mark
                    do {
                        try member.body(db)
                        try db.flush()
                    } catch {
                        outcomes[index] = error
                        db.pendingAudit.rollBack(to: audited)
                        // The savepoint may still be held back; it must exist before it is rolled back to.
                        try? db.flush()
                        // Throws when the failure already ended the transaction: then all again, alone.
                        try db.executeScript("ROLLBACK TO group_member")
                    }
                }
                // The commit releases the last savepoint.
            }
            return outcomes
        } catch {
            return members.map { writeAlone($0.body) }
        }
    }

    private func writeAlone(_ body: (any SQLConnection) throws -> Void) -> (any Error)? {
        do {
            try write(body)
            return nil
        } catch {
            return error
        }
    }
}
