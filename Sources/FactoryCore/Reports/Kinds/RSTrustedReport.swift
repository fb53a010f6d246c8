/// The RS-trusted share (DECISIONS B23) per plant day and kind of weighing, with the day's and
/// the period's totals against the 95 % target, and a chart of the days: where typed weights
/// crept in, and when.
enum RSTrustedReport: ReportKind {
    /// Weighings of every kind are counted, and only packages belong to a line.
    static let byLine = false
    static let kinds = ["package", "stock_move", "scrap", "rework", "disposal"]

    struct Count { var trusted: Int64 = 0, manual: Int64 = 0 }

    static func write(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, into sheet: ReportSheet) throws {
        try sheet.section(nil, [("day", 1), ("weighing", 1.2), ("weighed", 0.8), ("trusted", 0.8), ("manual", 0.8), ("trusted_pct", 0.8)])
        var days: [String: [String: Count]] = [:]
        let bounds: [any SQLBindable] = [scope.start, scope.end]
        // The weighings RSTrustedShare counts, one row each, tallied here per day in plant time.
        try db.forEachRow(RSTrustedShare.weighings(until: true), Array([bounds, bounds, bounds, bounds, bounds].joined())) { row in
            let day = context.calendar.plantDay(of: try row.timestamp("ts"))
            var count = days[day, default: [:]][try row.string("kind"), default: Count()]
            if try row.int("trusted") == 1 { count.trusted += 1 } else { count.manual += 1 }
            days[day, default: [:]][try row.string("kind")] = count
        }
        var total = Count()
        var bars: [ReportChart.Bar] = []
        for day in days.keys.sorted() {
            var all = Count()
            for kind in kinds {
                guard let count = days[day]?[kind] else { continue }
                try sheet.row(cells(day, context.word("report.weighing.\(kind)"), count))
                all.trusted += count.trusted
                all.manual += count.manual
            }
            try sheet.row(cells(day, context.word("report.weighing.all"), all))
            total.trusted += all.trusted
            total.manual += all.manual
            bars.append(.init(label: String(day.suffix(5)), value: share(all) * 100, limit: 95))
        }
        try sheet.row(cells(context.word("report.total"), context.word("report.weighing.all"), total))
        try sheet.chart(ReportChart(title: context.word("report.chart.rs_trusted"), unit: "%",
                                    legend: (context.word("report.column.trusted_pct"), context.word("report.chart.target_95")), bars: bars))
        if total.trusted + total.manual > 0, share(total) < 0.95 {
            sheet.note(context.word("report.note.rs_below_target", ["pct": DecimalText.format(Int64((share(total) * 100_000).rounded()), scale: 3)]))
        }
    }

    static func share(_ count: Count) -> Double {
        count.trusted + count.manual == 0 ? 1 : Double(count.trusted) / Double(count.trusted + count.manual)
    }

    static func cells(_ day: String, _ kind: String, _ count: Count) -> [ExportTable.Cell] {
        [.text(day), .text(kind), .integer(count.trusted + count.manual), .integer(count.trusted), .integer(count.manual),
         .percent(milli: Int64((share(count) * 100_000).rounded()))]
    }
}
