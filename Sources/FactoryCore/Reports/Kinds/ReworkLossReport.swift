/// The grinder's orders closed in the period (M8): what went in, what came out as VT, what was
/// lost and whether the loss passed the P3 threshold of DECISIONS A; a chart of each order's
/// loss against it.
enum ReworkLossReport: ReportKind {
    /// Rework orders belong to the grinder, not to an extrusion line.
    static let byLine = false

    static func write(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, into sheet: ReportSheet) throws {
        try sheet.section(nil, [("order", 0.9), ("rework_type", 0.8), ("opened_at", 1.2), ("closed_at", 1.2), ("in_kg", 0.9), ("out_kg", 0.9),
                                ("loss_kg", 0.9), ("loss_pct", 0.8), ("over_limit", 0.7)])
        let limit = ReworkLoss.alertThreshold
        var bars: [ReportChart.Bar] = []
        var over = 0
        try db.forEachRow("""
            SELECT id, type, opened_at, closed_at, in_total_g, out_total_g, loss_mpct FROM rework_orders
            WHERE status = 'closed' AND closed_at >= ? AND closed_at < ? ORDER BY closed_at, id
            """, [scope.start, scope.end]) { row in
            let input = try row.int("in_total_g"), output = try row.optionalInt("out_total_g") ?? 0
            let loss = try row.optionalInt("loss_mpct") ?? 0
            let order = String(try row.string("id").prefix(8))
            if loss > limit.units { over += 1 }
            bars.append(.init(label: order, value: Double(loss) / 1000, limit: Double(limit.units) / 1000))
            try sheet.row([.text(order), .text(context.word("report.rework.\(try row.string("type"))")), context.moment(try row.timestamp("opened_at")),
                           context.moment(try row.optionalTimestamp("closed_at")), .kg(input), .kg(output), .kg(input - output),
                           .percent(milli: loss), .text(context.word(loss > limit.units ? "report.yes" : "report.no"))])
        }
        try sheet.chart(ReportChart(title: context.word("report.chart.rework_loss"), unit: "%",
                                    legend: (context.word("report.column.loss_pct"), context.word("report.chart.loss_limit")), bars: Array(bars.suffix(60))))
        sheet.note(context.word("report.note.rework_over", ["count": "\(over)", "limit": limit.description]))
    }
}
