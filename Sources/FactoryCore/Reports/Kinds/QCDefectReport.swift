/// Every QC decision of the period (M6) with its package, line, SKU, weight, inspector and the
/// protocol's words, so that partial and rejected rolls can be traced to a line and a shift;
/// the notes count the decisions.
enum QCDefectReport: ReportKind {
    static let byLine = true

    static func write(_ db: any SQLConnection, _ scope: ReportScope, _ context: ReportContext, into sheet: ReportSheet) throws {
        try sheet.section(nil, [("decided_at", 1.3), ("qr_code", 1.6), ("workcenter", 0.7), ("sku", 0.8), ("partiya", 1), ("shift", 0.6),
                                ("decision", 0.8), ("weight_kg", 0.9), ("inspector", 1), ("protocol", 3)])
        var counts: [QCDecision: Int] = [:]
        // Inspectors sign few distinct protocols: each is read from JSON once.
        var protocols: [String: String] = [:]
        try db.forEachRow("""
            SELECT q.ts, p.qr_code, w.code AS workcenter, k.code AS sku, s.partiya_no, s.shift, q.decision, p.weight_g,
                   u.username AS inspector, q.protocol_json
            FROM qc_records q
            JOIN packages p ON p.id = q.package_id
            JOIN sessions s ON s.id = p.session_id
            JOIN workcenters w ON w.id = s.workcenter_id
            JOIN skus k ON k.id = p.sku_id
            LEFT JOIN users u ON u.id = q.inspector_id
            WHERE q.ts >= ? AND q.ts < ? AND \(lineFilter("s.workcenter_id"))
            ORDER BY q.ts, p.qr_code
            """, [scope.start, scope.end] + scope.line) { row in
            func signed(_ json: String?) -> String {
                guard let json else { return "" }
                if let known = protocols[json] { return known }
                let text = protocolText(json)
                if protocols.count < 10_000 { protocols[json] = text }
                return text
            }
            let decision = try row.word("decision", as: QCDecision.self)
            counts[decision, default: 0] += 1
            try sheet.row([context.moment(try row.timestamp("ts")), .text(try row.string("qr_code")), .text(try row.string("workcenter")),
                           .text(try row.string("sku")), .text(try row.string("partiya_no")), .text(context.word("shift.\(try row.string("shift"))")),
                           .text(context.word("status.package.qc_\(decision.rawValue)")), .kg(try row.int("weight_g")),
                           .text(row.optionalString("inspector") ?? ""), .text(signed(row.optionalString("protocol_json")))])
        }
        sheet.note(context.word("report.note.decisions", [
            "ok": "\(counts[.ok, default: 0])", "partial": "\(counts[.partial, default: 0])", "reject": "\(counts[.reject, default: 0])",
        ]))
    }

    /// The inspector's protocol as "defect: holes; note: …", in the order it was signed.
    static func protocolText(_ json: String?) -> String {
        guard let json, let value = try? JSONValue.parse(json) else { return json ?? "" }
        return value.objectFields.sorted { $0.key < $1.key }.map { key, value in
            "\(key): \(value.stringValue ?? value.canonicalText)"
        }.joined(separator: "; ")
    }
}
