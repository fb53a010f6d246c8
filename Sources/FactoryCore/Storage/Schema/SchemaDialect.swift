import Foundation

/// Expands the dialect tokens of the schema source for one engine (see `Schema0001Initial`).
enum SchemaDialect {
    static func expand(_ source: String, for backend: Backend) -> String {
        var sql = source
        let types: [(String, String, String)] = [
            // token, PostgreSQL, SQLite
            ("{id}", "uuid", "TEXT"),
            ("{ts}", "timestamptz", "TEXT"),
            ("{json}", "jsonb", "TEXT"),
            ("{bool}", "boolean", "INTEGER"),
            ("{int}", "bigint", "INTEGER"),
            ("{text}", "text", "TEXT"),
            ("{strict}", "", " STRICT"),
        ]
        for (token, postgres, sqlite) in types {
            sql = sql.replacingOccurrences(of: token, with: backend == .postgres ? postgres : sqlite)
        }
        for (name, values) in enumLists {
            sql = sql.replacingOccurrences(of: "{enum:\(name)}", with: values)
        }
        sql = replaceCalls(in: sql, token: "pk") { column in
            backend == .postgres ? ", PRIMARY KEY (id, \(column))" : ", PRIMARY KEY (id)"
        }
        sql = replaceCalls(in: sql, token: "partitioned") { column in
            backend == .postgres ? " PARTITION BY RANGE (\(column))" : ""
        }
        precondition(!sql.contains("{"), "unexpanded schema token in: \(sql.prefix(200))")
        return sql
    }

    /// Every enum a CHECK constraint may name, spelled as in the schema source.
    static let enumLists: [String: String] = [
        "Position": Position.sqlList, "Grade": Grade.sqlList, "UserStatus": UserStatus.sqlList,
        "WorkcenterType": WorkcenterType.sqlList, "DeviceType": DeviceType.sqlList, "Shift": Shift.sqlList,
        "MaterialCategory": MaterialCategory.sqlList, "PolymerFamily": PolymerFamily.sqlList,
        "SKUCategory": SKUCategory.sqlList, "UnitOfMeasure": UnitOfMeasure.sqlList,
        "RecipeStatus": RecipeStatus.sqlList, "ComponentType": ComponentType.sqlList,
        "LocationKind": LocationKind.sqlList, "StockItemType": StockItemType.sqlList,
        "StockTxnType": StockTxnType.sqlList, "TransferStatus": TransferStatus.sqlList,
        "TransferDirection": TransferDirection.sqlList, "SessionStatus": SessionStatus.sqlList,
        "PackageStatus": PackageStatus.sqlList, "ToleranceStatus": ToleranceStatus.sqlList,
        "LengthMode": LengthMode.sqlList, "QCDecision": QCDecision.sqlList, "DegazStatus": DegazStatus.sqlList,
        "ReworkOrderType": ReworkOrderType.sqlList, "ReworkOrderStatus": ReworkOrderStatus.sqlList,
        "ScrapSource": ScrapSource.sqlList, "ApprovalState": ApprovalState.sqlList,
        "ApprovalType": ApprovalType.sqlList, "GateType": GateType.sqlList,
        "AlertSeverity": AlertSeverity.sqlList, "AlertStatus": AlertStatus.sqlList,
        "ReportJobStatus": ReportJobStatus.sqlList, "ReportType": ReportType.sqlList,
        "ReportFormat": ReportFormat.sqlList, "IntegrationDirection": IntegrationDirection.sqlList,
        "IntegrationEntity": IntegrationEntity.sqlList, "IntegrationOperation": IntegrationOperation.sqlList,
        "IntegrationStatus": IntegrationStatus.sqlList, "SnapshotStatus": SnapshotStatus.sqlList,
    ]

    private static func replaceCalls(in sql: String, token: String, _ render: (String) -> String) -> String {
        var output = sql
        let opener = "{\(token):"
        while let start = output.range(of: opener) {
            guard let end = output[start.upperBound...].firstIndex(of: "}") else { break }
            let argument = String(output[start.upperBound..<end])
            output.replaceSubrange(start.lowerBound...end, with: render(argument))
        }
        return output
    }
}
