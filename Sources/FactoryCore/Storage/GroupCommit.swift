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
    /// Reads sent for every member of the group together, right after BEGIN and before any
    /// member runs, such as the signed-in person's account: on PostgreSQL they travel with the
    /// first member's statements instead of costing a round trip each. A failure among them
    /// fails the group, which is then written again member by member.
    public let ahead: (any SQLConnection) throws -> Void

    public init(unguarded: Bool = false, ahead: @escaping (any SQLConnection) throws -> Void = { _ in },
                _ body: @escaping (any SQLConnection) throws -> Void, answered: @escaping () throws -> Void = {}) {
        self.body = body
        self.unguarded = unguarded
        self.answered = answered
        self.ahead = ahead
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
    ///
    /// A guarded member's answers (`GroupMember.answered`) are read once the next member has
    /// sent its first statements: on PostgreSQL one member's last statements travel with the
    /// next one's first, so a group of twenty packages costs about twenty round trips, not
    /// forty. Each member takes a savepoint inside the one before it; when the two fall
    /// together (one of them failed and it cannot be told which) both are rolled back and
    /// written again one after the other, so each failure is still its own member's.
    public func writeEach(_ members: [GroupMember]) -> [(any Error)?] {
        guard members.count > 1 else { return members.map(writeAlone) }
        var outcomes = [(any Error)?](repeating: nil, count: members.count)
        do {
            try write { db in
                for member in members { try member.ahead(db) }
                var savepoints = Savepoints(db: db)
                // The guarded member whose answers are still to be read.
                var open: Savepoints.Taken?
                var unguardedAnswers: [() throws -> Void] = []
                var unguardedUnanswered = false
                var index = 0
                while index < members.count {
                    let member = members[index]
                    if member.unguarded {
                        if let taken = open {
                            outcomes[taken.member] = try savepoints.settle(taken, members[taken.member].answered)
                            open = nil
                        }
                        // What it sends may wait for the next members': a failure among them fails
                        // the group, and then every member is written again alone.
                        try member.body(db)
                        unguardedAnswers.append(member.answered)
                        unguardedUnanswered = true
                        index += 1
                        continue
                    }
                    // Unguarded members' statements are answered before a savepoint is taken, so
                    // that their failure is never taken for this member's.
                    if unguardedUnanswered {
                        try db.flush()
                        unguardedUnanswered = false
                    }
                    let taken = try savepoints.take(for: index)
                    var failure: (any Error)?
                    do { try member.body(db) } catch { failure = error }
                    if let previous = open {
                        open = nil
                        var bothHold = failure == nil
                        if bothHold {
                            do { try members[previous.member].answered() } catch { bothHold = false }
                        }
                        if !bothHold {
                            try savepoints.rollBack(to: previous)
                            outcomes[previous.member] = try savepoints.settle(previous) {
                                try members[previous.member].body(db)
                                try members[previous.member].answered()
                            }
                            continue
                        }
                    }
                    if let failure {
                        outcomes[index] = failure
                        try savepoints.rollBack(to: taken)
                    } else {
                        open = taken
                    }
                    index += 1
                }
                if let taken = open {
                    outcomes[taken.member] = try savepoints.settle(taken, members[taken.member].answered)
                }
                try db.flush()
                for answered in unguardedAnswers { try answered() }
                // The commit releases the savepoints.
            }
            return outcomes
        } catch {
            return members.map(writeAlone)
        }
    }

    private func writeAlone(_ member: GroupMember) -> (any Error)? {
        do {
            try write { db in
                try member.ahead(db)
                try member.body(db)
                try member.answered()
            }
            return nil
        } catch {
            return error
        }
    }
}

/// The group's savepoints, each inside the one before. Two names take turns: a member is only
/// ever rolled back to its own savepoint or the one just before it, and the newest savepoint
/// of a name is the one `ROLLBACK TO` finds.
private struct Savepoints {
    struct Taken {
        let member: Int
        let name: String
        let audited: Int
    }

    let db: any SQLConnection
    private var newest: String?

    init(db: any SQLConnection) { self.db = db }

    /// Sent ahead: on PostgreSQL it travels with the member's first statements.
    mutating func take(for member: Int) throws -> Taken {
        let name = newest == "group_member_a" ? "group_member_b" : "group_member_a"
        _ = try db.send("SAVEPOINT \(name)")
        newest = name
        return Taken(member: member, name: name, audited: db.pendingAudit.mark)
    }

    /// Undoes what the member (and any after it) did; its savepoint stays, for the member to be
    /// written again inside it. Throws when the transaction itself is gone.
    mutating func rollBack(to taken: Taken) throws {
        db.pendingAudit.rollBack(to: taken.audited)
        // The savepoint may still be held back; it must exist before it is rolled back to.
        try? db.flush()
        try db.executeScript("ROLLBACK TO \(taken.name)")
        newest = taken.name
    }

    /// Runs `read` with the member's statements answered; a failure is the member's alone,
    /// nothing having been sent after it, and is answered after its rollback.
    mutating func settle(_ taken: Taken, _ read: () throws -> Void) throws -> (any Error)? {
        do {
            try read()
            // A failure held back until a later member would be taken for that member's.
            try db.flush()
            return nil
        } catch {
            try rollBack(to: taken)
            return error
        }
    }
}
