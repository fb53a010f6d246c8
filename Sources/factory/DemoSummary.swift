import Foundation
import FactoryCore

/// What the demo database holds, counted per kind of record.
struct DemoSummary: CustomStringConvertible {
    let counts: [(String, Int64)]

    static func read(_ database: any Database) throws -> DemoSummary {
        let tables = [
            ("workcenters", "workcenters"), ("scales and counters", "devices"), ("materials", "materials"),
            ("SKUs", "skus"), ("recipes", "recipes"), ("recipe lines", "recipe_lines"), ("plan norms", "plan_norms"),
            ("stock locations", "stock_locations"), ("users", "users"), ("qualifications", "operator_qualifications"),
            ("attendance (shifts)", "attendance"), ("salaries (months)", "pay_rates"), ("KPI snapshots", "kpi_snapshot"),
            ("payroll snapshots", "payroll_snapshot"), ("audit rows", "audit_log"),
        ]
        return try database.read { db in
            DemoSummary(counts: try tables.map { label, table in
                // Table names are the constants above, never input.
                (label, try db.queryOne("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? 0)
            })
        }
    }

    var description: String {
        counts.map { "  \($0.0.padding(toLength: 20, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n")
    }
}
