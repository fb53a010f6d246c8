import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// The wall screen's facts: each line's running session with its live balance and open gates,
/// the scales that need someone, and the RS-trusted share of the shift.
@Suite struct WallBoardTests {
    @Test(arguments: TestBackends.all)
    func eachLineShowsItsRunningSessionsBalanceAndTheScalesThatNeedSomeone(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 40_000)
        _ = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        let board = try floor.factory.db.read {
            try WallBoard.read($0, balance: floor.services.balance, readings: floor.services.scaleEvents, calendar: floor.services.calendar, now: floor.factory.clock.now())
        }
        let e1 = try #require(board.lines.first { $0.workcenter == "E1" })
        #expect(e1.session?.id == session.id)
        #expect(e1.balance?.input == Grams(40_000))
        #expect(e1.balance?.good == .zero, "a roll counts as good once OTK passed it")
        #expect(e1.session?.lot == session.partiyaNo && e1.session?.paused == false)
        #expect(e1.openGates == 0 && e1.session?.pausedByVT == false)
        #expect(board.lines.first { $0.workcenter == "E2" }?.session == nil, "a line with nothing running is on the board too")
        #expect(!board.lines.contains { $0.workcenter.hasPrefix("RW") }, "grinder lines have no mass balance of their own")
        // The E1 packing scale has just weighed; a scale that never sent a reading is offline.
        #expect(!board.scales.contains { $0.code == "scale-E1-pack-01" })
        #expect(board.scales.contains { $0.code == "scale-RW-OUT-01" && $0.silentSeconds == nil }, "a scale that never sent a reading")
        #expect(board.rsTrustedShare == 1, "every weighing of the shift came from a scale")
        floor.factory.clock.advance(seconds: 120)
        let later = try floor.factory.db.read {
            try WallBoard.read($0, balance: floor.services.balance, readings: floor.services.scaleEvents, calendar: floor.services.calendar, now: floor.factory.clock.now())
        }
        #expect(later.scales.contains { $0.code == "scale-E1-pack-01" && ($0.silentSeconds ?? 0) >= 120 }, "silent for two minutes")
    }

    @Test func theShiftBeganAtItsStartInPlantTime() throws {
        let calendar = PlantCalendar(timeZone: try #require(TimeZone(identifier: "Asia/Tashkent")))
        // Tashkent is UTC+5: 10:00 local is 05:00Z, in the day shift that began at 08:00 local (03:00Z).
        #expect(calendar.shiftStart(at: Timestamp(parsing: "2026-11-25T05:00:00Z")!) == Timestamp(parsing: "2026-11-25T03:00:00Z")!)
        // 22:00 local (17:00Z): the night shift began at 20:00 local (15:00Z).
        #expect(calendar.shiftStart(at: Timestamp(parsing: "2026-11-25T17:00:00Z")!) == Timestamp(parsing: "2026-11-25T15:00:00Z")!)
        // 02:00 local on the 26th (21:00Z on the 25th): still the night shift of the 25th.
        #expect(calendar.shiftStart(at: Timestamp(parsing: "2026-11-25T21:00:00Z")!) == Timestamp(parsing: "2026-11-25T15:00:00Z")!)
    }
}
