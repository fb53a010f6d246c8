/// Group commit: several independent changes in one transaction, each inside a savepoint of
/// its own, so the database commits once for all of them while each still succeeds or fails
/// alone. A server that has twenty "pack" presses waiting writes them with one commit and
/// one hand-over of the writer instead of twenty.
extension Database {
    /// Runs every body; the answer holds, in order, nil for a body whose change is committed
    /// and the error of one that threw (its change rolled back, the others' kept).
    ///
    /// When the shared transaction itself fails (it cannot begin, a failed statement took the
    /// whole transaction with it, the commit fails), nothing of it is kept and every body runs
    /// again in a transaction of its own, so no body pays for another's failure.
    public func writeEach(_ bodies: [(any SQLConnection) throws -> Void]) -> [(any Error)?] {
        guard bodies.count > 1 else { return bodies.map(writeAlone) }
        var outcomes = [(any Error)?](repeating: nil, count: bodies.count)
        do {
            try write { db in
                for (index, body) in bodies.enumerated() {
                    // One statement between members: each is a round trip on PostgreSQL.
                    try db.executeScript(index == 0 ? "SAVEPOINT group_member" : "RELEASE group_member; SAVEPOINT group_member")
                    let audited = db.pendingAudit.mark
                    do {
                        try body(db)
                    } catch {
                        outcomes[index] = error
                        db.pendingAudit.rollBack(to: audited)
                        // Throws when the failure already ended the transaction: then all again, alone.
                        try db.executeScript("ROLLBACK TO group_member")
                    }
                }
                // The commit releases the last savepoint.
            }
            return outcomes
        } catch {
            return bodies.map(writeAlone)
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
