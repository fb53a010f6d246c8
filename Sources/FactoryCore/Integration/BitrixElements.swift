/// A record of a Bitrix24 universal list as the push writes it: its deterministic code (the
/// key a retry looks up before it creates anything), its name, and its fields by our names
/// (`NET_PAY`), which the server translates to the portal's `PROPERTY_<id>`.
public struct BitrixElement: Sendable, Equatable {
    public let code: String
    public let name: String
    public let fields: [String: String]
}

public enum BitrixElements {
    /// The fields of each entity's list, in the order the README documents them.
    public static let payrollFields = ["EMPLOYEE", "USERNAME", "PERIOD", "VERSION", "BASE_SALARY", "KPI_BONUS", "AVANS", "PENALTIES", "NET_PAY"]
    public static let kpiFields = ["EMPLOYEE", "USERNAME", "PERIOD", "SCOPE", "VERSION", "MINUTES", "KPI_BONUS"]

    /// One element per person of a queued KPI or payroll payload (`BitrixPushPayload`). A
    /// correction is a new version, so its records are new ones beside the old, never an
    /// overwrite of what was approved before.
    public static func of(_ payload: JSONValue) -> [BitrixElement] {
        let fields = payload.objectFields
        let text = { (key: String) in fields[key]?.stringValue ?? fields[key].map { $0.canonicalText } ?? "" }
        let version = text("version")
        return (fields["lines"]?.arrayItems ?? []).map { line in
            let person = line.objectFields
            let value = { (key: String) in person[key]?.stringValue ?? "" }
            let who = value("bitrix_id").isEmpty ? value("username") : "u\(value("bitrix_id"))"
            if text("entity") == "kpi" {
                let period = "\(text("first_day"))..\(text("last_day"))"
                return BitrixElement(
                    code: code(["kpi", text("first_day"), text("last_day"), text("scope") == "*" ? "all" : text("scope"), "v\(version)", who]),
                    name: "KPI \(period) v\(version) · \(value("full_name"))",
                    fields: ["EMPLOYEE": value("bitrix_id"), "USERNAME": value("username"), "PERIOD": period, "SCOPE": text("scope"),
                             "VERSION": version, "MINUTES": person["minutes"].map { $0.canonicalText } ?? "0", "KPI_BONUS": value("kpi_bonus")])
            }
            return BitrixElement(
                code: code(["payroll", text("month"), "v\(version)", who]),
                name: "Payroll \(text("month")) v\(version) · \(value("full_name"))",
                fields: ["EMPLOYEE": value("bitrix_id"), "USERNAME": value("username"), "PERIOD": text("month"), "VERSION": version,
                         "BASE_SALARY": value("base_salary"), "KPI_BONUS": value("kpi_bonus"), "AVANS": value("avans"),
                         "PENALTIES": value("penalties"), "NET_PAY": value("net_pay")])
        }
    }

    /// `[a-z0-9-]` only (research note §5.5): anything else becomes '-'.
    static func code(_ parts: [String]) -> String {
        String(parts.joined(separator: "-").lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }
}
