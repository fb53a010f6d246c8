import FactoryCore
import FactoryTestSupport
import Testing

/// KPI snapshots over the database: a closed E1 session of the UAT plant, the crew's attendance,
/// generate, approve, and a correction as a new version (M11, B5, B26).
@Suite struct KPIServiceTests {
    /// 2026-11-25 in Tashkent: 2026-11-24T19:00Z to 2026-11-25T19:00Z.
    let dayStart = Timestamp(parsing: "2026-11-24T19:00:00Z")!
    let dayEnd = Timestamp(parsing: "2026-11-25T19:00:00Z")!

    func configured(_ floor: Floor) throws -> Actor {
        let finance = try floor.factory.actor(.moliya)
        try floor.services.perform { db in
            try floor.services.kpi.configure(db, by: finance, .init(bonusAt100: Money(minorUnits: 100_000_000), cap: .hundred, allowManual: false,
                                                                    penalties: ["late": Money(minorUnits: 5_000_000)]))
            try floor.services.attendance.record(db, by: finance, .init(username: "op.aziz", day: "2026-11-25", shift: .day, workcenter: "E1", minutes: 720))
            try floor.services.attendance.record(db, by: finance, .init(username: "op.dilshod", day: "2026-11-25", shift: .day, workcenter: "E1", minutes: 600))
        }
        return finance
    }

    @Test(arguments: TestBackends.all)
    func aClosedShiftsKPIMatchesTheFiguresWorkedOutByHand(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try E2E01Tests().runSession(floor)
        _ = try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        let finance = try configured(floor)

        let draft = try floor.services.perform { try floor.services.kpi.generate($0, by: floor.shopHead, from: dayStart, to: dayEnd) }
        // Plan 1,200 kg × 12/24 × 2/2 = 600 kg; fact 90.1 kg; 15.0167 % → 15.017 %;
        // bonus 1,000,000.00 × 15.017 % = 150,170.00, split 720 : 600 minutes.
        let line = try #require(draft.lines.first)
        #expect(draft.lines.count == 1 && draft.status == .draft && draft.version == 1 && draft.scope == "*")
        #expect(line.workcenterCode == "E1" && line.day == "2026-11-25" && line.shift == .day && line.actualCrew == 2)
        #expect(line.planMilli == 600_000 && line.factMilli == 90_100 && line.achievement == Percent(units: 15_017))
        #expect(line.bonus == Money(minorUnits: 15_017_000) && draft.bonusTotal == line.bonus)
        #expect(line.shares.map(\.username) == ["op.aziz", "op.dilshod"])
        #expect(line.shares.map(\.share) == [Money(minorUnits: 8_191_091), Money(minorUnits: 6_825_909)])
        #expect(draft.excluded.isEmpty)

        let approved = try floor.services.perform { try floor.services.kpi.approve($0, by: finance, draft.id) }
        #expect(approved.status == .approved && approved.approvedBy == finance.username)
        #expect(try floor.factory.count("approvals") >= 1)
        #expect {
            try floor.services.perform { try floor.services.kpi.approve($0, by: finance, draft.id) }
        } throws: { ($0 as? FactoryError)?.reason == "already_decided" }
        #expect {
            try floor.services.perform { try floor.services.kpi.generate($0, by: floor.shopHead, from: dayStart, to: dayEnd) }
        } throws: { ($0 as? FactoryError)?.reason == "snapshot_approved" }

        // A correction: dilshod's hours were 720, not 600. The approved version stays as it was.
        try floor.services.perform { db in
            try floor.services.attendance.record(db, by: finance, .init(username: "op.dilshod", day: "2026-11-25", shift: .day, workcenter: "E1", minutes: 720))
        }
        let corrected = try floor.services.perform {
            try floor.services.kpi.generate($0, by: finance, from: dayStart, to: dayEnd, reason: "dilshod worked the whole shift")
        }
        #expect(corrected.version == 2 && corrected.supersedes == draft.id && corrected.reason == "dilshod worked the whole shift")
        #expect(corrected.lines.first?.shares.map(\.share) == [Money(minorUnits: 7_508_500), Money(minorUnits: 7_508_500)])
        #expect(try floor.factory.db.read { try floor.services.kpi.find($0, draft.id) } == approved, "an approved version never changes")
        let actions = try floor.factory.db.read { db in
            try db.query("SELECT action FROM audit_log WHERE action LIKE 'kpi.%' ORDER BY seq").map { try $0.string("action") }
        }
        #expect(actions == ["kpi.configured", "kpi.generated", "kpi.approved", "kpi.corrected"])
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func aDraftGeneratedAgainIsReplacedNotVersioned(backend: Backend) throws {
        let floor = try Floor(backend)
        let session = try E2E01Tests().runSession(floor)
        _ = try floor.services.perform { try floor.services.balance.close($0, by: floor.shopHead, session: session.id) }
        let finance = try configured(floor)
        let first = try floor.services.perform { try floor.services.kpi.generate($0, by: finance, from: dayStart, to: dayEnd) }
        try floor.services.perform { db in
            try floor.services.attendance.record(db, by: finance, .init(username: "op.dilshod", day: "2026-11-25", shift: .day, workcenter: "E1", minutes: 720))
        }
        let second = try floor.services.perform { try floor.services.kpi.generate($0, by: finance, from: dayStart, to: dayEnd) }
        #expect(second.version == 1 && second.supersedes == nil && second.id != first.id)
        #expect(second.lines.first?.shares.map(\.minutes) == [720, 720])
        #expect {
            try floor.factory.db.read { try floor.services.kpi.find($0, first.id) }
        } throws: { ($0 as? FactoryError)?.code == .notFound }
        for table in ["kpi_snapshot", "kpi_shift_results"] { #expect(try floor.factory.count(table) == 1, "\(table)") }
        #expect(try floor.factory.count("kpi_crew_shares") == 2)
    }

    @Test(arguments: TestBackends.all)
    func refusalsSayWhatToDoAndWriteNothing(backend: Backend) throws {
        let floor = try Floor(backend)
        let finance = try configured(floor)
        func reason(_ body: (any SQLConnection) throws -> Void) -> String? {
            do { try floor.services.perform(body); return nil } catch { return (error as? FactoryError)?.reason ?? "\(error)" }
        }
        #expect(reason { try _ = floor.services.kpi.generate($0, by: finance, from: dayStart, to: dayEnd) } == "no_closed_session")
        #expect(reason { try _ = floor.services.kpi.generate($0, by: finance, from: dayEnd, to: dayStart) } == "before_start")
        let aziz = try floor.uatUser("op.aziz")
        #expect {
            try floor.services.perform { try floor.services.kpi.generate($0, by: aziz, from: dayStart, to: dayEnd) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        #expect(reason {
            try floor.services.attendance.record($0, by: finance, .init(username: "op.aziz", day: "2026-11-25", shift: .night, workcenter: "E2", minutes: 600))
        } == "two_crews_same_day")
        #expect(reason {
            try floor.services.attendance.record($0, by: finance, .init(username: "op.aziz", day: "2026-02-30", shift: .day, workcenter: "E1", minutes: 600))
        } == "bad_date")
        #expect(try floor.factory.count("kpi_snapshot") == 0)
        #expect(try floor.factory.count("attendance") == 2)
    }
}
