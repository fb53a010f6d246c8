import FactoryCore

/// The spec's Bitrix24 stub for UAT (§19): the five employees of `demo/uat/users.csv` with a
/// Bitrix24 id (101–105), two orders, and the week of 2026-11-23 as they clocked it, which
/// matches the hours finance keeps in `demo/pay/attendance.csv`.
enum UATStub {
    static let people: [(name: String, lastName: String, position: String, department: Int)] = [
        ("Aziz", "Karimov", "operator", 2), ("Dilshod", "Rahimov", "operator", 2), ("Rustam", "Yusupov", "sex_boshligi", 2),
        ("Malika", "Tosheva", "otk", 2), ("Bobur", "Aliyev", "main_ombor", 1),
    ]

    static func employee(_ n: Int) -> JSONValue {
        let person = n <= people.count ? people[n - 1] : ("Xodim\(n)", "Familiya\(n)", "operator", 2)
        return ["ID": .string(String(100 + n)), "ACTIVE": .bool(true), "NAME": .string(person.0), "LAST_NAME": .string(person.1),
                "WORK_POSITION": .string(person.2), "UF_DEPARTMENT": .array([.int(Int64(person.3))]), "USER_TYPE": "employee"]
    }

    static func deal(_ n: Int) -> JSONValue {
        ["ID": .string(String(30 + n)), "TITLE": .string(n == 1 ? "Polietilen plyonka 10 t" : "Buyurtma \(n)"), "STAGE_ID": "NEW",
         "OPPORTUNITY": n == 1 ? "185000000.00" : "19999.99", "CURRENCY_ID": "UZS", "DATE_MODIFY": .string("2026-11-2\(n % 10)T10:00:00+05:00")]
    }

    /// Aziz works every day shift; Dilshod alternates day and night; the others work 9 hours
    /// Monday to Friday.
    static let week: [String: [(start: String, seconds: Int64)]] = {
        var days: [String: [(start: String, seconds: Int64)]] = [:]
        for date in 23...29 {
            let day = "2026-11-\(date)"
            days["101", default: []].append(("\(day)T08:00:00+05:00", 12 * 3600))
            let night = [24, 26, 28].contains(date)
            days["102", default: []].append(("\(day)T\(night ? "20" : "08"):00:00+05:00", [24, 27].contains(date) ? 37_800 : 12 * 3600))
            if date <= 27 {
                for id in ["103", "104", "105"] { days[id, default: []].append(("\(day)T08:00:00+05:00", 9 * 3600)) }
            }
        }
        return days
    }()
}
