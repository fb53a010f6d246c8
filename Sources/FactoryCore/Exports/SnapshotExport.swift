/// Exports of the KPI and payroll snapshots (M11), CSV or XLSX. Pay is personal data (spec §7):
/// a payroll export needs `payroll.export`, a KPI export shows each person's share only to a
/// holder of `payroll.view_pii`, every export is watermarked with who took it, when and of
/// which version, and every export is an audit row.
public struct SnapshotExport: Sendable {
    public let audit: AuditLog
    public let kpi: KPIService
    public let users: UserService

    public init(audit: AuditLog, kpi: KPIService, users: UserService) {
        (self.audit, self.kpi, self.users) = (audit, kpi, users)
    }

    public struct File: Sendable {
        public let name: String
        public let format: ExportFormat
        public let bytes: [UInt8]
        public let rows: Int
        public let watermark: String
    }

    public func payroll(_ db: any SQLConnection, by actor: Actor, _ id: PayrollSnapshot.ID, format: ExportFormat) throws -> File {
        try PermissionMatrix.require(actor, .payrollExport)
        let snapshot = try PayrollSnapshot.load(db, id)
        let subject = "payroll \(snapshot.month) v\(snapshot.version) (\(snapshot.status.rawValue))"
        let table = ExportTable(
            title: "Payroll \(snapshot.month)", watermark: try watermark(db, actor, subject),
            columns: ["username", "full_name", "base_salary", "kpi_bonus", "avans", "penalties", "net_pay"],
            rows: snapshot.lines.map { line in
                [.text(line.username), .text(line.fullName), .amount(line.base), .amount(line.kpiBonus), .amount(line.advance),
                 .amount(line.penalties), .amount(line.net)]
            })
        return try file(db, by: actor, table, format: format, name: "payroll-\(snapshot.month)-v\(snapshot.version)",
                        object: AuditObject("payroll_snapshot", id), subject: subject)
    }

    public func kpi(_ db: any SQLConnection, by actor: Actor, _ id: KPISnapshot.ID, format: ExportFormat) throws -> File {
        try PermissionMatrix.require(actor, .kpiGenerate)
        let snapshot = try kpi.find(db, id)
        let personal = PermissionMatrix.allows(actor.position, .payrollViewPII)
        let period = snapshot.days(in: kpi.calendar)
        let subject = "KPI \(snapshot.scope == "*" ? "all lines" : snapshot.scope) \(period) v\(snapshot.version) (\(snapshot.status.rawValue))"
        var columns = ["workcenter", "day", "shift", "uom", "actual_crew", "plan", "fact", "achievement_pct", "bonus", "note"]
        if personal { columns += ["username", "full_name", "hours", "share"] }
        var rows: [[ExportTable.Cell]] = []
        for line in snapshot.lines {
            let facts: [ExportTable.Cell] = [
                .text(line.workcenterCode), .text(line.day), .text(line.shift.rawValue), .text(line.uom.rawValue), .integer(line.actualCrew),
                .decimal(units: line.planMilli, scale: 3), .decimal(units: line.factMilli, scale: 3), .amount(line.achievement),
                .amount(line.bonus), .text(line.note ?? ""),
            ]
            guard personal, !line.shares.isEmpty else {
                rows.append(facts + (personal ? [.text(""), .text(""), .text(""), .text("")] : []))
                continue
            }
            for share in line.shares {
                rows.append(facts + [.text(share.username), .text(share.fullName), .decimal(units: share.minutes * 100 / 60, scale: 2),
                                     .amount(share.share)])
            }
        }
        let scope = snapshot.scope == "*" ? "all" : snapshot.scope
        return try file(db, by: actor, ExportTable(title: "KPI \(period)", watermark: try watermark(db, actor, subject), columns: columns, rows: rows),
                        format: format, name: "kpi-\(scope)-\(kpi.calendar.plantDay(of: snapshot.periodStart))-v\(snapshot.version)",
                        object: AuditObject("kpi_snapshot", id), subject: subject)
    }

    private func watermark(_ db: any SQLConnection, _ actor: Actor, _ subject: String) throws -> String {
        let person = try users.find(db, id: actor.userID)
        return "ISOCOM · confidential · \(subject) · exported by \(person.username) (\(person.fullName)) at \(audit.clock.now().iso8601)"
    }

    private func file(_ db: any SQLConnection, by actor: Actor, _ table: ExportTable, format: ExportFormat, name: String,
                      object: AuditObject, subject: String) throws -> File {
        let bytes = try format.write(table)
        try audit.record(db, by: .user(actor), action: "export.created", object: object,
                         new: ["format": .string(format.rawValue), "rows": .int(Int64(table.rows.count)), "subject": .string(subject),
                               "watermark": .string(table.watermark), "bytes": .int(Int64(bytes.count))])
        return File(name: "\(name).\(format.fileExtension)", format: format, bytes: bytes, rows: table.rows.count, watermark: table.watermark)
    }
}
