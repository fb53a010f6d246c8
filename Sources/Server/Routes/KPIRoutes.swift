import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird

/// Spec §11, M11: the KPI configuration, attendance, and KPI snapshots per period and scope
/// (generate → review → approve; a correction is a new version). Each person's share of a
/// bonus is pay, so it is shown only to holders of `payroll.view_pii`.
struct KPIRoutes {
    let api: FactoryAPI

    struct Generate: Decodable { let period_start: String; let period_end: String; let scope: String?; let reason: String? }
    struct Approve: Decodable { let comment: String? }
    struct Config: Decodable {
        let bonus_100: DecimalInput<Money>
        let cap_pct: DecimalInput<Percent>
        let allow_manual: Bool?
        let penalties: [String: DecimalInput<Money>]?
    }
    struct Attendance: Decodable { let username: String; let day: String; let shift: String; let workcenter: String; let hours: DecimalInput<Hours> }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let (kpi, calendar) = (api.services.kpi, api.services.calendar)
        let readers: [Permission] = [.kpiGenerate, .kpiApprove]
        group.post("kpi/snapshot/generate", needs: .kpiGenerate) { request, context in
            let body = try await request.decodeJSON(Generate.self, context: context, limit: 16 * 1024)
            let start = try Self.moment(body.period_start, field: "period_start", calendar: calendar, dayEnd: false)
            let end = try Self.moment(body.period_end, field: "period_end", calendar: calendar, dayEnd: true)
            let scope = body.scope.flatMap { $0 == "*" || $0 == "all" ? nil : $0 }
            let snapshot = try await api.write(as: context) { db, actor in
                try kpi.generate(db, by: actor, from: start, to: end, workcenter: scope, reason: body.reason)
            }
            return APIResponse(.created, snapshot.json(calendar: calendar, personal: context.mayReadPay))
        }
        group.post("kpi/snapshot/:id/approve", needs: .kpiApprove) { request, context in
            let body = try await request.decodeJSON(Approve.self, context: context, limit: 16 * 1024)
            let id: KPISnapshot.ID = try context.pathID("id", "kpi_snapshot")
            let snapshot = try await api.write(as: context) { db, actor in try kpi.approve(db, by: actor, id, comment: body.comment) }
            return APIResponse(.ok, snapshot.json(calendar: calendar, personal: context.mayReadPay))
        }
        group.on("kpi/snapshot", method: .get, needsOneOf: readers) { request, context in
            let (start, end) = try Self.period(request, calendar: calendar)
            let snapshots = try await api.read(as: context) { db, _ in try kpi.list(db, from: start, to: end) }
            return APIResponse(.ok, ["items": .array(snapshots.map { $0.summaryJSON(calendar: calendar) })])
        }
        group.on("kpi/snapshot/:id", method: .get, needsOneOf: readers) { _, context in
            let id: KPISnapshot.ID = try context.pathID("id", "kpi_snapshot")
            let snapshot = try await api.read(as: context) { db, _ in try kpi.find(db, id) }
            return APIResponse(.ok, snapshot.json(calendar: calendar, personal: context.mayReadPay))
        }
        group.get("kpi/snapshot/:id/export", needs: .kpiGenerate) { request, context in
            let id: KPISnapshot.ID = try context.pathID("id", "kpi_snapshot")
            let format = try request.exportFormat()
            let exports = api.services.exports
            let file = try await api.write(as: context) { db, actor in try exports.kpi(db, by: actor, id, format: format) }
            return file.response
        }
        group.get("kpi/config", needs: .payrollGenerate) { _, context in
            let now = api.services.clock.now()
            let config = try await api.read(as: context) { db, _ in try kpi.config(db, at: now) }
            return APIResponse(.ok, config.json)
        }
        group.on("kpi/config", method: .put, needs: .payrollGenerate) { request, context in
            let body = try await request.decodeJSON(Config.self, context: context, limit: 16 * 1024)
            let config = KPIFacts.Config(bonusAt100: body.bonus_100.value, cap: body.cap_pct.value, allowManual: body.allow_manual ?? false,
                                         penalties: (body.penalties ?? [:]).mapValues(\.value))
            try await api.write(as: context) { db, actor in try kpi.configure(db, by: actor, config) }
            return APIResponse(.ok, config.json)
        }
        group.post("kpi/attendance", needsOneOf: [.payrollGenerate, .integrationManage]) { request, context in
            let body = try await request.decodeJSON(Attendance.self, context: context, limit: 16 * 1024)
            let entry = AttendanceService.Entry(username: body.username, day: body.day, shift: try Shift(parsing: body.shift, field: "shift"),
                                                workcenter: body.workcenter, minutes: body.hours.value.minutes)
            let attendance = api.services.attendance
            try await api.write(as: context) { db, actor in try attendance.record(db, by: actor, entry) }
            return APIResponse(.created, ["username": .string(entry.username), "day": .string(entry.day), "shift": .string(entry.shift.rawValue),
                                          "workcenter": .string(entry.workcenter), "minutes": .int(entry.minutes)])
        }
    }

    /// A period's edge as finance writes it: a plant day (`2026-11-01`; an end day is included)
    /// or an ISO-8601 moment taken as it is.
    static func moment(_ text: String, field: String, calendar: PlantCalendar, dayEnd: Bool) throws -> Timestamp {
        if text.count == 10, let day = calendar.period(first: text, last: text) { return dayEnd ? day.end : day.start }
        if let time = Timestamp(parsing: text) { return time }
        throw FactoryError.validation(field: field, reason: "bad_date", "'\(text)' is not a date: write it as 2026-12-01")
    }

    /// `?period=2026-11` (a month), `?period=2026-11-25` (a plant day), or `?from=&to=` plant
    /// days; one of them is required.
    static func period(_ request: Request, calendar: PlantCalendar) throws -> (Timestamp, Timestamp) {
        if let from = request.query("from") {
            let to = request.query("to") ?? from
            return (try moment(from, field: "from", calendar: calendar, dayEnd: false), try moment(to, field: "to", calendar: calendar, dayEnd: true))
        }
        guard let period = request.query("period") else {
            throw FactoryError.validation(field: "period", reason: "missing_field", "name the period: ?period=2026-11 or ?period=2026-11-25")
        }
        if period.count == 10 { return (try moment(period, field: "period", calendar: calendar, dayEnd: false),
                                        try moment(period, field: "period", calendar: calendar, dayEnd: true)) }
        guard let month = calendar.month(period) else {
            throw FactoryError.validation(field: "period", reason: "bad_month", "'\(period)' is not a month: write it as 2026-12")
        }
        return month
    }
}

extension FactoryRequestContext {
    /// Whether the signed-in position may read pay (each person's bonus share).
    var mayReadPay: Bool { signedInPosition.map { PermissionMatrix.allows($0, .payrollViewPII) } ?? false }
}

extension Request {
    /// `?format=csv|xlsx` of an export; CSV when not named.
    func exportFormat() throws -> ExportFormat {
        try query("format").map { try ExportFormat(parsing: $0, field: "format") } ?? .csv
    }
}

extension SnapshotExport.File {
    var response: Response {
        Response(status: .ok, headers: [.contentType: format.contentType, .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
