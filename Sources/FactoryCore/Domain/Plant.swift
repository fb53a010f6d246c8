public enum WorkcenterType: String, DomainEnum {
    case extruder, coater, laminator, duplicator, cutter
    case reworkHard = "rework_hard"
    case reworkSoft = "rework_soft"
    public static let domainName = "workcenter.type"
}

public enum DeviceType: String, DomainEnum {
    case scale
    case lengthCounter = "length_counter"
    public static let domainName = "device.type"
}

public enum Shift: String, DomainEnum {
    case day, night
    public static let domainName = "shift"
}

/// A line named as the API and the consoles name it: its code (`E1`) or its id (DECISIONS B20).
enum WorkcenterKey {
    static func resolve(_ db: any SQLConnection, _ key: String) throws -> (id: String, code: String) {
        guard let row = try db.queryOne("SELECT id, code FROM workcenters WHERE code = ? OR CAST(id AS TEXT) = ?", key, key.lowercased()) else {
            throw FactoryError.notFound("workcenter", key)
        }
        return (try row.string("id"), try row.string("code"))
    }
}
