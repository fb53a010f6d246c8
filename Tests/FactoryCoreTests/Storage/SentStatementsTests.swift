import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Statements sent ahead (`SQLConnection.send`): held back on PostgreSQL until an answer is
/// needed, run at once on SQLite; either way they run in order and no failure is lost.
@Suite struct SentStatementsTests {
    private let insert = "INSERT INTO stock_locations (id, code, kind, name) VALUES (?, ?, 'MAIN', 'x')"

    @Test(arguments: TestBackends.all)
    func statementsSentTogetherRunInOrderAndEachKeepsItsAnswer(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let (counted, renamed, codes) = try factory.db.write { db in
            let first = try db.send(insert, UUID().uuidString.lowercased(), "A")
            let count = try db.send("SELECT COUNT(*) AS n FROM stock_locations")
            _ = try db.send(insert, UUID().uuidString.lowercased(), "B")
            let rename = try db.send("UPDATE stock_locations SET name = 'y'")
            let codes = try db.send("SELECT code FROM stock_locations ORDER BY code")
            #expect(try first.changes() == 1)
            return (try count.rows().first?.int("n"), try rename.changes(), try codes.rows().map { try $0.string("code") })
        }
        // The count ran after the first insert and before the second.
        #expect(counted == 1)
        #expect(renamed == 2)
        #expect(codes == ["A", "B"])
    }

    @Test(arguments: TestBackends.all)
    func aFailureAmongSentStatementsRollsTheWholeChangeBackAndTheConnectionServesTheNext(backend: Backend) throws {
        let factory = try TestFactory(backend)
        #expect {
            try factory.db.write { db in
                _ = try db.send(insert, UUID().uuidString.lowercased(), "A")
                _ = try db.send(insert, UUID().uuidString.lowercased(), "A")
                _ = try db.send(insert, UUID().uuidString.lowercased(), "C")
                try db.flush()
            }
        } throws: { ($0 as? FactoryError)?.reason == "unique_violation" }
        #expect(try factory.count("stock_locations") == 0)
        try factory.db.write { _ = try $0.send(insert, UUID().uuidString.lowercased(), "D") }
        #expect(try factory.count("stock_locations") == 1, "what is sent is written when the change commits, answer read or not")
    }

    @Test(arguments: TestBackends.all)
    func aStatementAfterTheFailedOneAnswersWithTheFailure(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try factory.db.write { try $0.execute(insert, UUID().uuidString.lowercased(), "A") }
        #expect {
            try factory.db.write { db in
                // On SQLite the duplicate throws as it is sent; on PostgreSQL the count that waits on it does.
                _ = try db.send(insert, UUID().uuidString.lowercased(), "A")
                return try db.send("SELECT COUNT(*) AS n FROM stock_locations").rows()
            }
        } throws: { ($0 as? FactoryError)?.reason == "unique_violation" }
        #expect(try factory.count("stock_locations") == 1)
    }
}
