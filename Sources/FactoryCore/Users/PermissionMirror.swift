/// Writes the permission matrix into the `roles`, `permissions` and `role_permissions`
/// tables so integrators can read it with SQL. Only differences are written, so a second
/// `migrate` changes nothing.
enum PermissionMirror {
    static func sync(_ database: any Database) throws {
        try database.write { db in
            let roles = Set(try db.query("SELECT code FROM roles").map { try $0.string("code") })
            for position in Position.allCases where !roles.contains(position.rawValue) {
                try db.execute("INSERT INTO roles (code, name) VALUES (?, ?)", position.rawValue, position.rawValue)
            }
            let permissions = Set(try db.query("SELECT code FROM permissions").map { try $0.string("code") })
            for permission in Permission.allCases where !permissions.contains(permission.rawValue) {
                try db.execute("INSERT INTO permissions (code, description) VALUES (?, ?)", permission.rawValue, permission.rawValue)
            }
            let existing = Set(try db.query("SELECT role_code, permission_code FROM role_permissions").map {
                "\(try $0.string("role_code"))|\(try $0.string("permission_code"))"
            })
            var wanted: Set<String> = []
            for (position, granted) in PermissionMatrix.grants {
                for permission in granted { wanted.insert("\(position.rawValue)|\(permission.rawValue)") }
            }
            for pair in wanted.subtracting(existing) {
                let parts = pair.split(separator: "|").map(String.init)
                try db.execute("INSERT INTO role_permissions (role_code, permission_code) VALUES (?, ?)", parts[0], parts[1])
            }
            for pair in existing.subtracting(wanted) {
                let parts = pair.split(separator: "|").map(String.init)
                try db.execute("DELETE FROM role_permissions WHERE role_code = ? AND permission_code = ?", parts[0], parts[1])
            }
        }
    }
}
