import FactoryCore
import Foundation
import Testing

/// The SQLite log under writes that never pause (a sustained ingest): the checkpointer must
/// make it start again, or it grows by everything ever written and fills the disk.
@Suite struct SQLiteLogTests {
    /// The log header's checkpoint sequence number (bytes 12–15, big-endian), which SQLite
    /// raises each time the log starts again from its first frame.
    private func logGeneration(_ path: String) throws -> UInt32 {
        let header = try #require(FileHandle(forReadingAtPath: path + "-wal")).readData(ofLength: 16)
        try #require(header.count == 16)
        return header[12..<16].reduce(0) { $0 << 8 | UInt32($1) }
    }

    @Test func theLogStartsAgainWhileWritesNeverPause() throws {
        let path = NSTemporaryDirectory() + "factory-log-\(UUID().uuidString).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try SQLiteDatabase(path: path, logLimitBytes: 1 << 20)
        defer { database.close() }
        try database.write { try $0.executeScript("CREATE TABLE readings (id INTEGER PRIMARY KEY, payload BLOB)") }
        let first = try logGeneration(path)
        // Each commit adds a reading-sized row and at least one 4 KB page to the log, so the
        // log passes its 1 MB limit within the first second, and the checkpointer (once a
        // second) finds it past the limit. The writes go on until the log has started again,
        // or for 10 seconds.
        let payload = String(repeating: "x", count: 200)
        let until = Date().addingTimeInterval(10)
        var commits = 0
        var restarted = false
        while !restarted, Date() < until {
            try database.write { try $0.execute("INSERT INTO readings (payload) VALUES (?)", payload) }
            commits += 1
            if commits % 1_000 == 0 { restarted = try logGeneration(path) != first }
        }
        #expect(restarted, "the log never started again in \(commits) commits")
    }
}
