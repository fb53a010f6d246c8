/// Rolls received into finished goods in the period and still there now (M9), oldest first,
/// with their age in days and its band; the notes count the rolls per band, because a roll
/// that sits is money that sits.
enum FGAgingReport: ReportKind {
    static let byLine = true
    /// Upper bounds in days of the bands a storekeeper reads: a week, a month, a quarter, older.
    static let bands: [(days: Int64, key: String)] = [(7, "0_7"), (30, "8_30"), (90, "31_90"), (Int64.max, "over_90")]

    static func write(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, into sheet: ReportSheet) throws {
        try sheet.section(nil, [("qr_code", 1.6), ("sku", 0.8), ("sku_name", 1.8), ("workcenter", 0.7), ("weight_kg", 0.9), ("length_m", 0.9),
                                ("location", 1), ("received_at", 1.3), ("age_days", 0.7), ("age_band", 0.8)])
        var perBand: [String: Int] = [:]
        try db.forEachRow("""
            SELECT p.qr_code, k.code AS sku, k.name AS sku_name, w.code AS workcenter, p.weight_g, p.length_um, l.code AS location, r.received_at
            FROM packages p
            JOIN (SELECT batch_no, MAX(ts) AS received_at FROM stock_txn WHERE type = 'FG_RECEIVE' GROUP BY batch_no) r ON r.batch_no = p.qr_code
            JOIN skus k ON k.id = p.sku_id
            JOIN sessions s ON s.id = p.session_id
            JOIN workcenters w ON w.id = s.workcenter_id
            LEFT JOIN stock_locations l ON l.id = p.location_id
            WHERE p.status = 'fg_received' AND r.received_at >= ? AND r.received_at < ? AND \(lineFilter("s.workcenter_id"))
            ORDER BY r.received_at, p.qr_code
            """, [scope.start, scope.end] + scope.line) { row in
            let received = try row.timestamp("received_at")
            let age = max(Int64(context.now.seconds(since: received) / 86_400), 0)
            let band = bands.first { age <= $0.days }!.key
            perBand[band, default: 0] += 1
            try sheet.row([.text(try row.string("qr_code")), .text(try row.string("sku")), .text(try row.string("sku_name")),
                           .text(try row.string("workcenter")), .kg(try row.int("weight_g")),
                           try row.optionalInt("length_um").map { .decimal(units: $0 / 1000, scale: 3) } ?? .text(""),
                           .text(row.optionalString("location") ?? ""), context.moment(received), .integer(age),
                           .text(context.word("report.band.\(band)"))])
        }
        sheet.note(bands.map { band in
            let label = context.word("report.band." + band.key)
            return "\(label): \(perBand[band.key, default: 0])"
        }.joined(separator: " · "))
    }
}
