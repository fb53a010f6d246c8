import Foundation

/// A scale or length counter on the network.
public struct Device: Sendable, Hashable, Identifiable {
    public typealias ID = TypedID<Device>
    public let id: ID
    public let code: String
    public let type: DeviceType
    public let workcenterID: String?
    public let location: LocationKind?
    public let active: Bool
    public let calibrationDueAt: Timestamp?
    /// Addresses (or IPv4 CIDR ranges) the device's gateway may send from; empty = any.
    public let ipAllowlist: [String]

    init(row: Row) throws {
        id = try row.id("id")
        code = try row.string("code")
        type = try row.word("device_type")
        workcenterID = row.optionalString("workcenter_id")
        location = try row.optionalWord("location_code")
        active = try row.bool("active_bool")
        calibrationDueAt = try row.optionalTimestamp("calibration_due_at")
        ipAllowlist = (row.optionalString("ip_allowlist") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Refuses a device that does not stand in `location` (MAIN stock on MAIN scales, …).
    public func require(at location: LocationKind) throws {
        guard self.location == location else {
            throw FactoryError.validation(field: "device_id", reason: "wrong_location", "\(code) is not a \(location.rawValue) scale")
        }
    }

    public static func all(_ db: any SQLConnection) throws -> [Device] {
        try db.query("SELECT * FROM devices ORDER BY code").map(Device.init(row:))
    }

    /// Finds a device by its code (`scale-MAIN-01`) or its id (DECISIONS B20).
    public static func find(_ db: any SQLConnection, _ key: String) throws -> Device {
        try find(db, [key])[0]
    }

    /// Finds several devices in one query (a packing station's scale and length counter), in
    /// the order of `keys`; the first key that names no device is the one reported. A key that
    /// reads as an id is looked up as an id first, then as a code.
    public static func find(_ db: any SQLConnection, _ keys: [String]) throws -> [Device] {
        try ask(db, keys).get()
    }

    /// `find`, sent ahead (`SQLConnection.send`) and read when needed.
    public static func ask(_ db: any SQLConnection, _ keys: [String]) throws -> Later<[Device]> {
        let ids = keys.map { TypedID<Device>($0) }
        let conditions = ids.map { $0 == nil ? "code = ?" : "id = ? OR code = ?" }.joined(separator: " OR ")
        let parameters: [any SQLBindable] = zip(keys, ids).flatMap { key, id in id.map { [$0, key] } ?? [key] }
        return try db.send("SELECT * FROM devices WHERE \(conditions)", parameters).map { rows in
            let found = try rows.map(Device.init(row:))
            return try zip(keys, ids).map { key, id in
                guard let device = found.first(where: { $0.id == id }) ?? found.first(where: { $0.code == key }) else {
                    throw FactoryError.notFound("device", key)
                }
                return device
            }
        }
    }

    /// The id of the device `key` names, as SQL that a statement can use before the device is
    /// read: the same choice as `find` (an id first, then a code), or NULL for no device.
    static func idExpression(_ key: String) -> (sql: String, parameters: [any SQLBindable]) {
        guard let id = TypedID<Device>(key) else { return ("(SELECT id FROM devices WHERE code = ?)", [key]) }
        return ("COALESCE((SELECT id FROM devices WHERE id = ?), (SELECT id FROM devices WHERE code = ?))", [id, key])
    }
}
