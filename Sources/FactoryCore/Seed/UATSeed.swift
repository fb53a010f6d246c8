import Foundation

/// The UAT data set of spec §24: master data from `demo/uat/*.csv`, the demo credentials of
/// `demo/uat-credentials.csv`, and finance's files of `demo/pay/` (the KPI configuration, a
/// week of attendance, salaries), entered as the UAT finance person. Loading it twice changes
/// nothing.
public enum UATSeed {
    public struct Report: Sendable, CustomStringConvertible {
        public let masterData: ImportReport
        public let credentialsSet: [String]
        /// Finance's files, when this load entered them (nil: they were there already).
        public let payInputs: PayInputsImporter.Report?

        public var changed: Bool { masterData.changed || !credentialsSet.isEmpty || payInputs != nil }

        public var description: String {
            var lines = [masterData.description]
            lines.append(credentialsSet.isEmpty ? "credentials: all UAT users already have theirs"
                                                : "credentials set for: \(credentialsSet.joined(separator: ", "))")
            if let payInputs { lines.append(payInputs.description) }
            return lines.joined(separator: "\n")
        }
    }

    /// A demo user's sign-in, as the README lists them.
    public struct DemoCredential: Sendable {
        public let username: String
        public let password: String
        public let pin: String
    }

    /// Finds `demo/` in the working directory or above the executable.
    public static func locateDemoDirectory(explicit: String? = nil) -> URL? {
        var candidates: [URL] = []
        if let explicit { candidates.append(URL(fileURLWithPath: explicit)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("demo"))
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("demo"))
            directory.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("uat").path) }
    }

    public static func credentials(in demo: URL) throws -> [DemoCredential] {
        let url = demo.appendingPathComponent("uat-credentials.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw FactoryError.validation(field: "path", reason: "unreadable_file", "cannot read \(url.path)")
        }
        let sheet = try CSVSheet(name: "uat-credentials.csv", text: text)
        return sheet.rows.compactMap { _, fields in
            guard let user = fields["username"], let password = fields["password"], let pin = fields["pin"] else { return nil }
            return DemoCredential(username: user, password: password, pin: pin)
        }
    }

    public static func load(_ services: FactoryServices, demo: URL, by source: AuditSource) throws -> Report {
        let report = try services.masterData.importDirectory(demo.appendingPathComponent("uat"), into: services.database, by: source)
        let demoCredentials = try credentials(in: demo)
        let set = try services.database.write { db in
            var set: [String] = []
            for credential in demoCredentials {
                let user = try services.users.find(db, username: credential.username)
                let row = try db.queryOne("SELECT password_hash FROM users WHERE id = ?", user.id)
                guard row?.optionalString("password_hash") == nil else { continue }
                try services.users.setCredentials(db, by: source, user: user.id, password: credential.password, pin: credential.pin)
                set.append(credential.username)
            }
            return set
        }
        return Report(masterData: report, credentialsSet: set, payInputs: try loadPayInputs(services, demo: demo))
    }

    /// Finance's demo files, entered once by the UAT finance person (`moliya`): the KPI
    /// configuration is a history, so a second load would add to it.
    static func loadPayInputs(_ services: FactoryServices, demo: URL) throws -> PayInputsImporter.Report? {
        let directory = demo.appendingPathComponent("pay")
        let texts = PayInputsImporter.fileNames.compactMap { name in
            (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)).map { (name: name, text: $0) }
        }
        guard !texts.isEmpty else { return nil }
        return try services.perform { db -> PayInputsImporter.Report? in
            guard try db.queryOne("SELECT 1 AS found FROM kpi_config LIMIT 1") == nil else { return nil }
            let finance = Actor(try services.users.find(db, username: "moliya"))
            do { return try services.payInputs.apply(texts, db, by: finance) } catch let rejected as ImportRejected { throw rejected.asFactoryError }
        }
    }
}
