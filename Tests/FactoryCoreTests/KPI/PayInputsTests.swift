import FactoryCore
import FactoryTestSupport
import Testing

/// Finance's CSV files (M11): each row through the rule of the service that owns it, the whole
/// import in one transaction, every bad row named.
@Suite struct PayInputsTests {
    let files: [(name: String, text: String)] = [
        ("kpi_config.csv", "setting,value\nbonus_100,1000000.00\ncap_pct,120\nallow_manual,false\npenalty.late,50000\npenalty.no_ppe,20000.50\n"),
        ("attendance.csv", "username,day,shift,workcenter_code,hours\nop.aziz,2026-11-25,day,E1,12\nop.dilshod,2026-11-25,day,E1,7.5\n"
            + "op.aziz,2026-11-26,night,E2,11.75\n"),
        ("pay_rates.csv", "username,month,base_salary,avans\nop.aziz,2026-11,3000000,1000000\nop.dilshod,2026-11,2800000.00,\n"),
        ("penalties.csv", "username,month,kind,count,note\nop.aziz,2026-11,late,2,came at 08:40 twice\n"),
    ]

    @Test(arguments: TestBackends.all)
    func financesFilesAreRecordedRowByRow(backend: Backend) throws {
        let floor = try Floor(backend)
        let finance = try floor.uatUser("moliya")
        let report = try floor.services.perform { try floor.services.payInputs.apply(files, $0, by: finance) }
        #expect(report.files == ["kpi_config.csv": 5, "attendance.csv": 3, "pay_rates.csv": 2, "penalties.csv": 1])

        let config = try floor.factory.db.read { try floor.services.kpi.config($0, at: floor.factory.clock.now()) }
        #expect(config == KPIFacts.Config(bonusAt100: Money(minorUnits: 100_000_000), cap: Percent.whole(120), allowManual: false,
                                          penalties: ["late": Money(minorUnits: 5_000_000), "no_ppe": Money(minorUnits: 2_000_050)]))
        let minutes = try floor.factory.db.read { db in
            try db.query("SELECT u.username, a.day, a.shift, a.minutes FROM attendance a JOIN users u ON u.id = a.user_id ORDER BY a.day, u.username")
                .map { "\(try $0.string("username")) \(try $0.string("day")) \(try $0.string("shift")) \(try $0.int("minutes"))" }
        }
        #expect(minutes == ["op.aziz 2026-11-25 day 720", "op.dilshod 2026-11-25 day 450", "op.aziz 2026-11-26 night 705"])
        let rates = try floor.factory.db.read { db in
            try db.query("SELECT base_salary_minor, avans_minor FROM pay_rates ORDER BY base_salary_minor").map { [try $0.int("base_salary_minor"), try $0.int("avans_minor")] }
        }
        #expect(rates == [[280_000_000, 0], [300_000_000, 100_000_000]])
        #expect(try floor.factory.count("penalties") == 1)

        // The same files again change nothing but the configuration's history.
        _ = try floor.services.perform { try floor.services.payInputs.apply(files, $0, by: finance) }
        #expect(try floor.factory.count("attendance") == 3)
        #expect(try floor.factory.count("pay_rates") == 2)
    }

    @Test(arguments: TestBackends.all)
    func aFileWithBadRowsIsRefusedWholeNamingEveryRow(backend: Backend) throws {
        let floor = try Floor(backend)
        let finance = try floor.uatUser("moliya")
        let attendance = "username,day,shift,workcenter_code,hours\n"
            + "op.aziz,2026-11-25,day,E1,12\n"        // line 2: good
            + "nobody,2026-11-25,day,E1,12\n"         // line 3: no such person
            + "op.aziz,2026-11-25,night,E1,12\n"      // line 4: a second shift the same day
            + "op.dilshod,2026-11-31,day,E1,12\n"     // line 5: no such date
            + "op.dilshod,2026-11-25,day,E1,25\n"     // line 6: more than a day
            + "op.dilshod,2026-11-25,evening,E9,x\n"  // line 7: three bad fields
            + "op.dilshod,2026-11-25,day,E1,\n"      // line 8: no hours
        let rejected = try #require(throws: ImportRejected.self) {
            try floor.services.perform { try floor.services.payInputs.apply([("attendance.csv", attendance)], $0, by: finance) }
        }
        #expect(Set(rejected.problems.compactMap(\.line)) == [3, 4, 5, 6, 7, 8])
        #expect(rejected.problems.contains { $0.line == 8 && $0.column == "hours" && $0.message == "a value is required" })
        #expect(rejected.problems.contains { $0.line == 4 && $0.message.contains("one person works one shift a day") })
        #expect(rejected.problems.filter { $0.line == 7 }.map(\.column) == ["shift", "hours"])
        #expect(try floor.factory.count("attendance") == 0, "the good row is not kept either")

        let config = try #require(throws: ImportRejected.self) {
            try floor.services.perform {
                try floor.services.payInputs.apply([("kpi_config.csv", "setting,value\ncap_pct,120\ncolour,red\ncap_pct,110\n"),
                                                    ("salaries.csv", "a,b\n")], $0, by: finance)
            }
        }
        #expect(config.problems.map(\.description).sorted() == [
            "kpi_config.csv [setting]: missing setting 'bonus_100'",
            "kpi_config.csv:3 [setting]: unknown setting 'colour'; expected bonus_100, cap_pct, allow_manual or penalty.<kind>",
            "kpi_config.csv:4 [setting]: 'cap_pct' is set twice (first on line 2)",
            "salaries.csv: unknown file; expected one of kpi_config.csv, attendance.csv, pay_rates.csv, penalties.csv",
        ])
        #expect(try floor.factory.count("kpi_config") == 0)
    }

    @Test(arguments: TestBackends.all)
    func onlyFinanceImportsPay(backend: Backend) throws {
        let floor = try Floor(backend)
        #expect {
            try floor.services.perform { try floor.services.payInputs.apply(Array(files.dropFirst(2)), $0, by: floor.shopHead) }
        } throws: { ($0 as? FactoryError)?.code == .forbidden }
        #expect(try floor.factory.count("pay_rates") == 0)
    }
}
