/// Sessions whose balance was closed in the period (M7): input, good, WIP, expected scrap, the
/// scrap accounted for, and the delta against its limit; a chart of each session's delta
/// against its limit shows a line drifting before it is stopped.
enum SessionDeltaWatchReport: ReportKind {
    static let byLine = true

    static func write(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, into sheet: ReportSheet) throws {
        try sheet.section(nil, [("partiya", 1), ("workcenter", 0.7), ("sku", 0.8), ("shift", 0.6), ("started_at", 1.35), ("closed_at", 1.35),
                                ("input_kg", 0.9), ("good_kg", 0.9), ("wip_kg", 0.8), ("scrap_expected_kg", 0.9), ("rework_in_kg", 0.9),
                                ("disposed_kg", 0.9), ("outstanding_kg", 0.9), ("delta_kg", 0.8), ("limit_kg", 0.8), ("delta_of_limit_pct", 0.8)])
        var bars: [ReportChart.Bar] = []
        try db.forEachRow("""
            SELECT s.partiya_no, w.code AS workcenter, k.code AS sku, s.shift, s.started_at, b.computed_at, b.input_g, b.good_g, b.wip_g,
                   b.scrap_expected_g, b.rework_in_linked_g, b.disposed_linked_g, b.outstanding_g, b.delta_session_g, b.limit_g
            FROM session_balance b
            JOIN sessions s ON s.id = b.session_id
            JOIN workcenters w ON w.id = s.workcenter_id
            JOIN skus k ON k.id = s.sku_id
            WHERE b.computed_at >= ? AND b.computed_at < ? AND \(lineFilter("s.workcenter_id"))
            ORDER BY b.computed_at, s.partiya_no
            """, [scope.start, scope.end] + scope.line) { row in
            let delta = try row.int("delta_session_g"), limit = try row.int("limit_g")
            let partiya = try row.string("partiya_no")
            bars.append(.init(label: partiya, value: Double(delta) / 1000, limit: Double(limit) / 1000))
            try sheet.row([.text(partiya), .text(try row.string("workcenter")), .text(try row.string("sku")),
                           .text(context.word("shift.\(try row.string("shift"))")), context.moment(try row.timestamp("started_at")),
                           context.moment(try row.timestamp("computed_at")), .kg(try row.int("input_g")), .kg(try row.int("good_g")),
                           .kg(try row.int("wip_g")), .kg(try row.int("scrap_expected_g")), .kg(try row.int("rework_in_linked_g")),
                           .kg(try row.int("disposed_linked_g")), .kg(try row.int("outstanding_g")), .kg(delta), .kg(limit),
                           limit > 0 ? .percent(milli: delta * 100_000 / limit) : .text("")])
        }
        try sheet.chart(ReportChart(title: context.word("report.chart.session_delta"), unit: context.word("unit.kg"),
                                    legend: (context.word("report.column.delta_kg"), context.word("report.column.limit_kg")),
                                    bars: Array(bars.suffix(60))))
    }
}
