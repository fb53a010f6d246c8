/// KPI of approved snapshots over the period (M11): each line's shifts as the newest approved
/// version computed them, then per line the shifts, plan, fact, achievement and bonus; a chart
/// of each line's achievement against 100 %. Drafts are not facts yet and stay out.
enum KPIRollupReport: ReportKind {
    static let byLine = true

    struct Line { var shifts = 0, plan: Int64 = 0, fact: Int64 = 0, bonus: Int64 = 0, uom = "" }

    static func write(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, into sheet: ReportSheet) throws {
        try sheet.section("kpi_shifts", [("workcenter", 0.7), ("day", 0.9), ("shift", 0.6), ("uom", 0.5), ("actual_crew", 0.6), ("plan", 0.9),
                                         ("fact", 0.9), ("achievement_pct", 0.9), ("bonus", 1), ("version", 0.5)])
        var lines: [String: Line] = [:]
        var held: (key: String, cells: [ExportTable.Cell], line: String, uom: String, plan: Int64, fact: Int64, bonus: Int64)?
        func emit() throws {
            guard let shift = held else { return }
            try sheet.row(shift.cells)
            var line = lines[shift.line, default: Line()]
            line.shifts += 1
            line.plan += shift.plan
            line.fact += shift.fact
            line.bonus += shift.bonus
            line.uom = shift.uom
            lines[shift.line] = line
        }
        // Ordered so that the versions of one line's shift come together, the newest approved last:
        // each shift is written when the next one begins, as the last version seen.
        try db.forEachRow("""
            SELECT w.code AS workcenter, r.shift_start, r.day, r.shift, r.uom, r.actual_crew, r.plan_unit_milli, r.fact_unit_milli,
                   r.ach_mpct, r.bonus_minor, k.version
            FROM kpi_shift_results r
            JOIN kpi_snapshot k ON k.id = r.snapshot_id
            JOIN workcenters w ON w.id = r.workcenter_id
            WHERE k.status = 'approved' AND r.shift_start >= ? AND r.shift_start < ? AND \(lineFilter("r.workcenter_id"))
            ORDER BY w.code, r.shift_start, k.approved_at
            """, [scope.start, scope.end] + scope.line) { row in
            let code = try row.string("workcenter")
            let key = "\(code)/\(try row.string("shift_start"))"
            if held?.key != key { try emit() }
            let uom = try row.string("uom")
            let plan = try row.int("plan_unit_milli"), fact = try row.int("fact_unit_milli"), bonus = try row.int("bonus_minor")
            held = (key, [.text(code), .text(try row.string("day")), .text(context.word("shift.\(try row.string("shift"))")), .text(uom),
                          .integer(try row.int("actual_crew")), .decimal(units: plan, scale: 3), .decimal(units: fact, scale: 3),
                          .percent(milli: try row.int("ach_mpct")), .decimal(units: bonus, scale: 2), .integer(try row.int("version"))],
                    code, uom, plan, fact, bonus)
        }
        try emit()

        try sheet.section("kpi_lines", [("workcenter", 0.7), ("shifts", 0.6), ("uom", 0.5), ("plan", 1), ("fact", 1), ("achievement_pct", 0.9),
                                        ("bonus", 1)])
        var bars: [ReportChart.Bar] = []
        for code in lines.keys.sorted() {
            let line = lines[code]!
            let achievement = line.plan > 0 ? min((line.fact * 100_000 + line.plan / 2) / line.plan, 100_000) : 0
            bars.append(.init(label: code, value: Double(achievement) / 1000, limit: 100))
            try sheet.row([.text(code), .integer(Int64(line.shifts)), .text(line.uom), .decimal(units: line.plan, scale: 3),
                           .decimal(units: line.fact, scale: 3), .percent(milli: achievement), .decimal(units: line.bonus, scale: 2)])
        }
        try sheet.chart(ReportChart(title: context.word("report.chart.kpi"), unit: "%",
                                    legend: (context.word("report.column.achievement_pct"), context.word("report.chart.target_100")), bars: bars))
    }
}
