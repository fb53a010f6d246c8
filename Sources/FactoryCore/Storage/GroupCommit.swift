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
    /// Reads what the body sent ahead (`SQLConnection.send`), once it is answered, in the same
    /// transaction. An unguarded member's answers are read after the last member has run, so
    /// the statements of unguarded members that follow one another reach PostgreSQL together.
    public let answered: () throws -> Void

    public init(unguarded: Bool = false, _ body: @escaping (any SQLConnection) throws -> Void,
                answered: @escaping () throws -> Void = {}) {
        self.body = body
        self.unguarded = unguarded
        self.answered = answered
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
        guard members.count > 1 else { return members.map(writeAlone) }
        var outcomes = [(any Error)?](repeating: nil, count: members.count)
        do {
            try write { db in
                var savepoint = false
                var unguardedAnswers: [() throws -> Void] = []
                for (index, member) in members.enumerated() {
                    if member.unguarded {
                        // What it sends may wait for the next members': a failure among them fails
                        // the group, and then every member is written again alone.
                        try member.body(db)
                        unguardedAnswers.append(member.answered)
                        continue
                    }
                    // Unguarded members' statements are answered before a savepoint is taken, so
                    // that their failure is never taken for this member's.
                    try db.flush()
                    // Sent ahead: on PostgreSQL they travel with the member's first statement.
                    if savepoint { _ = try db.send("RELEASE group_member") }
                    _ = try db.send("SAVEPOINT group_member")
                    savepoint = true
                    let audited = db.pendingAudit.mark
                    do {
                        try member.body(db)
                        // A failure held back until a later member would be taken for that member's.
                        try db.flush()
                        try member.answered()
                    } catch {
                        outcomes[index] = error
                        db.pendingAudit.rollBack(to: audited)
                        // The savepoint may still be held back; it must exist before it is rolled back to.
                        try? db.flush()
                        // Throws when the failure already ended the transaction: then all again, alone.
                        try db.executeScript("ROLLBACK TO group_member")
                    }
                }
                try db.flush()
                for answered in unguardedAnswers { try answered() }
                // The commit releases the last savepoint.
            }
            return outcomes
        } catch {
            return members.map(writeAlone)
        }
    }

    private func writeAlone(_ member: GroupMember) -> (any Error)? {
        do {
            try write { db in
                try member.body(db)
                try member.answered()
            }
            return nil
        } catch {
            return error
        }
    }
}
