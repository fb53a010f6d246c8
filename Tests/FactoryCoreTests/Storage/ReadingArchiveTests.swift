@testable import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Retention of raw readings, on both engines: the days older than the kept ones are written to
/// compressed files and dropped (on PostgreSQL their partitions), the days kept are untouched,
/// and a file reads back into exactly the rows it was made of.
@Suite struct ReadingArchiveTests {
    static func day(_ offset: Int) -> Timestamp { ReadingArchive.dayStart(TestFactory.start).adding(seconds: Int64(offset) * 86_400) }

    static func rows(_ factory: TestFactory, day: Timestamp) throws -> [[SQLValue]] {
        try factory.database.read { db in
            try db.query("SELECT * FROM scale_events WHERE ts_ingested >= ? AND ts_ingested < ? ORDER BY id", day, day.adding(seconds: 86_400)).map(\.values)
        }
    }

    @Test(arguments: TestBackends.all)
    func oldDaysGoToFilesAndComeBackWhole(backend: Backend) throws {
        let floor = try Floor(backend)
        let factory = floor.factory
        // Readings on each of four days, three days back to today, at 10:00 UTC.
        for offset in -3...0 {
            _ = try Partitions.ensure(factory.database, around: Self.day(offset))
            factory.clock.set(Self.day(offset).adding(seconds: 10 * 3600))
            for grams in [0, 12_500, 30_000] {
                factory.clock.advance(seconds: 1)
                _ = try factory.reading("scale-E1-pack-01", kg: Int64(grams + offset * -10), stable: grams > 0)
            }
        }
        // One reading carries text that needs escaping in the file: a tab, a backslash, a quote.
        try factory.database.write { db in
            _ = try db.execute("UPDATE scale_events SET bind_ref = ? WHERE gross_g = 12530", #"{"package_id":"p-1","note":"a\tb\\c \"d\""}"#)
        }
        let oldest = try Self.rows(factory, day: Self.day(-3))
        #expect(oldest.count == 3)

        factory.clock.set(Self.day(0).adding(seconds: 12 * 3600))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = ReadingArchive(services: floor.services, directory: folder)
        let archived = try archive.archive(keepDays: 2, by: .service("test"))
        #expect(archived.map(\.day) == [ReadingArchive.stamp(Self.day(-3))], "only the day before the two kept ones goes")
        #expect(archived.first?.rows == 3)
        #expect(try Self.rows(factory, day: Self.day(-3)).isEmpty, "the archived day is gone from the database")
        #expect(try Self.rows(factory, day: Self.day(-2)).count == 3 && Self.rows(factory, day: Self.day(0)).count == 3, "the kept days are untouched")
        let keys = try factory.database.read { db in
            try db.queryOne("SELECT count(*) AS n FROM scale_event_keys WHERE ts_ingested < ?", Self.day(-2))?.int("n")
        }
        #expect(keys == 0, "its idempotency keys went with it")
        if backend == .postgres {
            let partition = try factory.database.read { try $0.queryOne("SELECT to_regclass(?) IS NULL AS gone", "scale_events_\(ReadingArchive.stamp(Self.day(-3)))")?.bool("gone") }
            #expect(partition == true, "PostgreSQL drops the day's partition")
        }
        #expect(try factory.audit.verify(factory.database).isIntact)
        let file = try #require(archived.first?.file)
        #expect((try? Data(contentsOf: file))?.prefix(2) == Data([0x1F, 0x8B]), "a gzip file")

        // Nothing is left to archive until another day passes.
        #expect(try archive.archive(keepDays: 2, by: .service("test")).isEmpty)

        #expect(try archive.restore(file, by: .service("test")) == 3)
        #expect(try Self.rows(factory, day: Self.day(-3)) == oldest, "the day reads back value for value, the escaped text included")
        let reloaded = try factory.database.read { db in
            try db.queryOne("SELECT count(*) AS n FROM scale_event_keys WHERE ts_ingested < ?", Self.day(-2))?.int("n")
        }
        #expect(reloaded == 3, "and its idempotency keys: a gateway resending one of them is still a duplicate")
    }
}
