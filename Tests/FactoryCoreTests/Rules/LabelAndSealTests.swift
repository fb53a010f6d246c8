import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct LabelAndSealTests {
    @Test func qrCodesCarryThePlantDayAndASixDigitNumber() throws {
        let code = QRCode(day: "2026-11-25", number: 42)
        #expect(code.text == "FG-2026-11-25-000042")
        #expect(QRCode(scanned: " fg-2026-11-25-000042\r\n") == code)
        for bad in ["FG-2026-11-25-42", "FG-2026-13-25-000042", "XX-2026-11-25-000042", "FG-2026-11-25-000000", "FG-2026-11-25-0000421"] {
            #expect(QRCode(scanned: bad) == nil, "\(bad)")
        }
    }

    @Test func thePlantDayIsTashkentTime() throws {
        let calendar = PlantCalendar(timeZone: try #require(TimeZone(identifier: "Asia/Tashkent")))
        let lateEveningUTC = try #require(Timestamp(parsing: "2026-11-25T20:30:00Z"))
        #expect(calendar.day(of: lateEveningUTC) == "2026-11-26", "01:30 in Tashkent is the next day")
        #expect(calendar.shift(at: lateEveningUTC) == .night)
        #expect(calendar.clockTime(of: lateEveningUTC) == "01:30")
        #expect(calendar.shift(at: try #require(Timestamp(parsing: "2026-11-25T03:00:00Z"))) == .day, "08:00 Tashkent")
        #expect(calendar.shift(at: try #require(Timestamp(parsing: "2026-11-25T02:59:59Z"))) == .night)
    }

    @Test func shiftHoursAreTheConfigurations() throws {
        let environment = ["SERVER_SECRET": String(repeating: "s", count: 32), "SHIFT_DAY_START": "07:30", "SHIFT_NIGHT_START": "19:30"]
        let configuration = try Configuration(environment: environment)
        let calendar = PlantCalendar(timeZone: try #require(TimeZone(identifier: "Asia/Tashkent")),
                                     dayShiftStart: configuration.dayShiftStart, nightShiftStart: configuration.nightShiftStart)
        #expect(calendar.shift(at: try #require(Timestamp(parsing: "2026-11-25T02:30:00Z"))) == .day, "07:30 Tashkent")
        #expect(calendar.shift(at: try #require(Timestamp(parsing: "2026-11-25T02:29:59Z"))) == .night)
        #expect(calendar.shift(at: try #require(Timestamp(parsing: "2026-11-25T14:30:00Z"))) == .night, "19:30 Tashkent")
        #expect(calendar.shiftKey(.night, at: try #require(Timestamp(parsing: "2026-11-25T21:00:00Z"))) == "2026-11-25/night",
                "02:00 on the 26th belongs to the night that started on the 25th")
        for (key, bad) in [("SHIFT_DAY_START", "8"), ("SHIFT_DAY_START", "24:00"), ("SHIFT_NIGHT_START", "07:00"), ("SHIFT_DAY_START", "08:60")] {
            var env = environment
            env[key] = bad
            #expect { try Configuration(environment: env) } throws: { ($0 as? FactoryError)?.details["field"] == (bad == "07:00" ? "SHIFT_NIGHT_START" : key) }
        }
    }

    @Test func aShiftOfAPlantDayStartsWhereTheCalendarPutsIt() throws {
        let calendar = PlantCalendar(timeZone: try #require(TimeZone(identifier: "Asia/Tashkent")))
        #expect(calendar.shiftStart(day: "2026-11-25", shift: .day) == Timestamp(parsing: "2026-11-25T03:00:00Z"))
        #expect(calendar.shiftStart(day: "2026-11-25", shift: .night) == Timestamp(parsing: "2026-11-25T15:00:00Z"))
        let lateNight = try #require(Timestamp(parsing: "2026-11-25T21:00:00Z"))
        #expect(calendar.shiftStart(day: "2026-11-25", shift: .night) == calendar.shiftStart(at: lateNight), "02:00 on the 26th")
        for bad in ["2026-02-30", "2026-13-01", "26-11-25", "2026-11-5", ""] {
            #expect(calendar.shiftStart(day: bad, shift: .day) == nil, "\(bad)")
        }
    }

    @Test func whoApprovesKPIAndPayrollIsThePlantsPolicyWithinTheMatrix() throws {
        let base = ["SERVER_SECRET": String(repeating: "s", count: 32)]
        let defaults = try Configuration(environment: base)
        #expect(defaults.kpiApprovers == [.sexBoshligi, .moliya, .direktor] && defaults.payrollApprovers == [.moliya, .direktor])
        #expect(try Configuration(environment: base.merging(["KPI_APPROVERS": "moliya"]) { $1 }).kpiApprovers == [.moliya])
        #expect { try Configuration(environment: base.merging(["PAYROLL_APPROVERS": "sex_boshligi"]) { $1 }) } throws: {
            ($0 as? FactoryError)?.details["field"] == "PAYROLL_APPROVERS"
        }
    }

    @Test func thePlantDayAndShiftAgreeWithFoundationsCalendarInAnyZone() throws {
        // The day and hour are integer arithmetic over the zone's offset; Foundation's
        // calendar is the reference, across years and a zone with summer time.
        var random = SystemRandomNumberGenerator()
        for identifier in ["Asia/Tashkent", "Europe/Berlin", "America/St_Johns", "UTC"] {
            let zone = try #require(TimeZone(identifier: identifier))
            let plant = PlantCalendar(timeZone: zone)
            var reference = Calendar(identifier: .gregorian)
            reference.timeZone = zone
            for _ in 0..<500 {
                let time = Timestamp(microsecondsSinceEpoch: Int64.random(in: 0...4_102_444_800_000_000, using: &random))
                let c = reference.dateComponents([.year, .month, .day, .hour, .minute], from: time.date)
                #expect(plant.day(of: time) == String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!), "\(identifier) \(time)")
                #expect(plant.clockTime(of: time) == String(format: "%02d:%02d", c.hour!, c.minute!), "\(identifier) \(time)")
                #expect(plant.shift(at: time) == ((8..<20).contains(c.hour!) ? .day : .night), "\(identifier) \(time)")
            }
        }
    }

    @Test func anESealVerifiesOnlyTheDecisionItSealed() {
        let seal = ESeal(secret: Data(repeating: 5, count: 32))
        let decision = ESeal.Decision(packageID: "p1", decision: .ok, protocolJSON: #"{"visual":"ok"}"#, inspectorID: "u1",
                                      time: Timestamp(microsecondsSinceEpoch: 1_000))
        let hash = seal.seal(decision)
        #expect(hash.count == 64)
        #expect(seal.verify(decision, seal: hash))
        let changed = ESeal.Decision(packageID: "p1", decision: .reject, protocolJSON: decision.protocolJSON, inspectorID: "u1", time: decision.time)
        #expect(!seal.verify(changed, seal: hash))
        #expect(!ESeal(secret: Data(repeating: 6, count: 32)).verify(decision, seal: hash))
        #expect(!seal.verify(decision, seal: "zz"))
    }
}
