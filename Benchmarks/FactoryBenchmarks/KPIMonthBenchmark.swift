import FactoryCore
import Foundation

/// A month of the plant as the KPI sees it: three lines, two shifts a day for 30 days, five rolls
/// a shift packed through the real service on the line's scale and counter and passed by OTK,
/// and 30 people in six crews of five with their attendance. Measured: generating the month's
/// KPI (read the facts, compute, store the draft with its shares and exclusions) and the
/// month's payroll. Target: the KPI within 1 s on SQLite.
enum KPIMonthBenchmark {
    static func run(demo: URL) throws {
        let plant = try BenchPlant(demo: demo)
        defer { plant.close() }
        let (services, database, clock, console, calendar) = (plant.services, plant.database, plant.clock, plant.console, plant.services.calendar)
        let month = "2026-11"
        let (monthStart, monthEnd) = calendar.month(month)!
        clock.set(monthStart)
        // Scales and counters for E2 and E3, and a norm for SET-05 on E3: the UAT plant weighs on E1 only.
        _ = try services.masterData.importTexts([
            ("devices.csv", "device_id,workcenter_code,type,serial,calibration_due_at,location\n"
                + "scale-E2-pack-01,E2,scale,B-E2,2030-12-31,SHOP\nlen-E2-01,E2,length_counter,L-E2,2030-12-31,SHOP\n"
                + "scale-E3-pack-01,E3,scale,B-E3,2030-12-31,SHOP\nlen-E3-01,E3,length_counter,L-E3,2030-12-31,SHOP\n"),
            ("plan_norms.csv", "sku_code,workcenter_code,plan_24h,plan_uom,norm_crew,shift_hours\nSET-05,E3,900,kg,5,12\n"),
        ], into: database, by: console)

        let lines = ["E1", "E2", "E3"]
        let head = Actor(try database.write { try services.users.add($0, by: console, .init(username: "head.bench", fullName: "Head", position: .sexBoshligi)) })
        let otk = Actor(try database.write { try services.users.add($0, by: console, .init(username: "otk.bench", fullName: "OTK", position: .otk, pin: "1234")) })
        let finance = Actor(try database.write { try services.users.add($0, by: console, .init(username: "fin.bench", fullName: "Finance", position: .moliya)) })
        var crews: [String: [Actor]] = [:]
        try database.write { db in
            for line in lines {
                for shift in Shift.allCases {
                    crews["\(line)/\(shift.rawValue)"] = try (1...5).map { n in
                        let user = try services.users.add(db, by: console, .init(username: "op.\(line.lowercased()).\(shift.rawValue).\(n)",
                                                                                  fullName: "Operator \(line) \(shift.rawValue) \(n)",
                                                                                  position: .operator, grade: .katta))
                        try db.execute("""
                            INSERT INTO operator_qualifications (id, user_id, workcenter_id, granted_at) SELECT ?, ?, id, ? FROM workcenters WHERE code = ?
                            """, UUID().uuidString.lowercased(), user.id, clock.now(), line)
                        return Actor(user)
                    }
                }
            }
        }
        try services.perform { db in
            try services.kpi.configure(db, by: finance, .init(bonusAt100: Money(minorUnits: 100_000_000), cap: Percent.whole(120), allowManual: false))
            for crew in crews.values.joined() {
                try services.payroll.setRate(db, by: finance, username: crew.username, month: month, base: Money(minorUnits: 450_000_000),
                                             advance: Money(minorUnits: 150_000_000))
            }
        }

        // The month on the floor.
        let setupStarted = DispatchTime.now().uptimeNanoseconds
        let sessions = try lines.map { line in
            try services.perform {
                try services.sessions.start($0, by: head, .init(workcenter: line, sku: "SET-05", partiyaNo: "BENCH-\(line)", shift: .day,
                                                                operators: Shift.allCases.map { crews["\(line)/\($0.rawValue)"]![0].username }))
            }
        }
        let checked = try database.read { try services.qc.checkPIN($0, by: otk, pin: "1234") }
        let devices = try database.read { db in
            try Dictionary(uniqueKeysWithValues: lines.map { ($0, (try Device.find(db, "scale-\($0)-pack-01"), try Device.find(db, "len-\($0)-01"))) })
        }
        var seq: Int64 = 0
        var rolls = 0
        for day in 1...30 {
            let date = String(format: "\(month)-%02d", day)
            for shift in Shift.allCases {
                let start = calendar.shiftStart(day: date, shift: shift)!
                clock.set(start.adding(seconds: 3600))
                try services.perform { db in
                    for line in lines {
                        for (n, person) in crews["\(line)/\(shift.rawValue)"]!.enumerated() {
                            try services.attendance.record(db, by: finance, .init(username: person.username, day: date, shift: shift, workcenter: line,
                                                                                  minutes: n == 4 ? 600 : 720))
                        }
                    }
                }
                for (line, session) in zip(lines, sessions) {
                    let (scale, counter) = devices[line]!
                    for n in 0..<5 {
                        clock.advance(seconds: 60)
                        for (device, value, stable) in [(scale, Int64(0), false), (counter, 0, false), (scale, 25_000 + Int64(n * 10), true), (counter, 500_000, true)] {
                            seq += 1
                            _ = try database.write {
                                try services.scaleEvents.record($0, device: device, ScaleReading(seq: seq, deviceTime: clock.now(), gross: Grams(value), stable: stable))
                            }
                        }
                        let packer = crews["\(line)/\(shift.rawValue)"]![0]
                        let package = try services.perform {
                            try services.packages.create($0, by: packer, .init(session: session.id, scale: scale.code, length: .counter(device: counter.code)))
                        }
                        _ = try services.perform {
                            try services.qc.decide($0, by: otk, .init(package: package.id, decision: .ok, protocolNotes: ["visual": "ok"], pin: checked))
                        }
                        rolls += 1
                    }
                }
            }
        }
        // The sessions' closing balance is not what is measured: they are marked closed as the
        // balance service would leave them.
        clock.set(monthEnd.adding(seconds: -3600))
        try database.write { db in
            for session in sessions {
                try db.execute("UPDATE sessions SET status = 'closed', ended_at = ? WHERE id = ?", clock.now(), session.id)
                try db.execute("""
                    INSERT INTO session_balance (id, session_id, input_g, good_g, wip_g, scrap_expected_g, limit_g, computed_at, closed_by)
                    VALUES (?, ?, 0, 0, 0, 0, 0, ?, ?)
                    """, UUID().uuidString.lowercased(), session.id, clock.now(), head.userID)
            }
        }
        let setupSeconds = Double(DispatchTime.now().uptimeNanoseconds - setupStarted) / 1e9

        let (kpiTimes, snapshot) = try BenchPlant.time(5) {
            try services.perform { try services.kpi.generate($0, by: finance, from: monthStart, to: monthEnd) }
        }
        _ = try services.perform { try services.kpi.approve($0, by: finance, snapshot.id) }
        let (payrollTimes, payroll) = try BenchPlant.time(5) {
            try services.perform { try services.payroll.generate($0, by: finance, month: month, includeAdvance: true) }
        }
        let (exportTimes, _) = try BenchPlant.time(5) {
            try services.perform { try services.exports.kpi($0, by: finance, snapshot.id, format: .xlsx) }
        }

        let shares = snapshot.lines.reduce(0) { $0 + $1.shares.count }
        print("engine: \(plant.engine); month \(month): \(lines.count) lines, \(snapshot.lines.count) shift results, \(rolls) rolls, "
              + "\(shares) crew shares, \(payroll.lines.count) people; bonus \(snapshot.bonusTotal.decimalText); set up in \(String(format: "%.1f", setupSeconds)) s")
        print(BenchmarkMain.summary("KPI month generate (read facts, compute, store draft)", kpiTimes))
        print(BenchmarkMain.summary("payroll month generate", payrollTimes))
        print(BenchmarkMain.summary("KPI month export to XLSX (with every share)", exportTimes))
    }
}
