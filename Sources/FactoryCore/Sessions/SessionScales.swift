/// The scales a session's work is weighed on at the shop head's console: material is fed on the
/// SHOP store's own scale (a SHOP scale of no line), scrap containers on the line's scale.
extension Session {
    public static func scales(_ db: any SQLConnection, _ id: ID) throws -> (shop: String?, line: String?) {
        let shop = try db.queryOne("""
            SELECT code FROM devices
            WHERE device_type = 'scale' AND active_bool AND location_code = 'SHOP' AND workcenter_id IS NULL ORDER BY code LIMIT 1
            """).map { try $0.string("code") }
        let line = try db.queryOne("""
            SELECT d.code FROM devices d JOIN sessions s ON s.workcenter_id = d.workcenter_id
            WHERE s.id = ? AND d.device_type = 'scale' AND d.active_bool ORDER BY d.code LIMIT 1
            """, id).map { try $0.string("code") }
        return (shop, line)
    }
}
