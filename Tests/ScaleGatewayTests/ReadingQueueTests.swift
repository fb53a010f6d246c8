import Foundation
import ScaleGateway
import Testing

/// Readings wait in the gateway's file until the server has them; boot and seq never go back.
@Suite struct ReadingQueueTests {
    static func path() -> String { NSTemporaryDirectory() + "gateway-queue-\(UUID().uuidString).db" }

    @Test func readingsSurviveARestartUnderTheirBootAndANewBootFollows() throws {
        let path = Self.path()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let now = Int64(Date().timeIntervalSince1970)
        let firstBoot: Int64
        do {
            let queue = try ReadingQueue(path: path)
            firstBoot = queue.bootID
            #expect((now - 5...now + 5).contains(queue.bootID), "a new file starts at the time: above any boot a lost file had")
            for grams in [Int64(30_000), 30_100, 0] { try queue.append(grams: grams, stable: grams > 0, readAt: 1_000 + grams) }
            let batch = try queue.oldest(limit: 2)
            #expect(batch.map(\.seq) == [1, 2] && batch.allSatisfy { $0.bootID == firstBoot })
            try queue.acknowledge(batch)
            #expect(queue.count == 1)
        }
        // Killed and started again: the unsent reading is still there, under its own boot.
        let again = try ReadingQueue(path: path)
        #expect(again.bootID == firstBoot + 1, "a restart within the same second still moves on")
        try again.append(grams: 12_000, stable: true, readAt: 9_000)
        let first = try again.oldest(limit: 10)
        #expect(first.map { "\($0.bootID - firstBoot)/\($0.seq)" } == ["0/3"], "the oldest boot drains first, in seq order")
        try again.acknowledge(first)
        #expect(try again.oldest(limit: 10).map { "\($0.bootID - firstBoot)/\($0.seq)" } == ["1/1"], "seq starts at 1 for a new boot")
    }

    @Test func aFullQueueKeepsItsOldestAndRefusesTheNew() throws {
        let path = Self.path()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let queue = try ReadingQueue(path: path, capacity: 3)
        let stored = try (1...5).map { try queue.append(grams: Int64($0) * 1_000, stable: true, readAt: Int64($0)) }
        #expect(stored == [true, true, true, false, false])
        #expect(try queue.oldest(limit: 10).map(\.grams) == [1_000, 2_000, 3_000])
        try queue.acknowledge(try queue.oldest(limit: 1))
        #expect(try queue.append(grams: 6_000, stable: true, readAt: 6), "room again once the server took some")
        #expect(try queue.oldest(limit: 10).map(\.seq) == [2, 3, 4], "a refused reading used no seq")
    }

    @Test func aBatchTheServerRefusesAsInvalidIsSetAsideAndTheRestGoOn() throws {
        let path = Self.path()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let queue = try ReadingQueue(path: path)
        for grams in [Int64(30_000), 30_100, 30_200] { try queue.append(grams: grams, stable: true, readAt: 1_000) }
        let refused = try queue.oldest(limit: 2)
        try queue.setAside(refused, answer: #"{"error":"validation_error"}"#)
        #expect(try queue.oldest(limit: 10).map(\.grams) == [30_200], "the reading behind them is next")
        #expect(try queue.refusedCount() == 2 && queue.count == 1, "nothing is deleted: the refused are kept for the integrator")
    }
}
