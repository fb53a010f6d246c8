import FactoryCore
import Foundation
import Testing

@Suite struct FactoryCommandTests {
    static let demo = FactoryProcess.repositoryRoot.appendingPathComponent("demo").path

    /// Both engines: SQLite in the test's directory, PostgreSQL in a schema of its own.
    static var storages: [String] {
        ProcessInfo.processInfo.environment["FACTORY_TEST_PG_DSN"] == nil ? ["sqlite"] : ["sqlite", "postgres"]
    }

    /// A PostgreSQL DSN whose connections work in a fresh schema (libpq's `options`).
    func postgresEnvironment() throws -> (env: [String: String], drop: () -> Void) {
        let dsn = try #require(ProcessInfo.processInfo.environment["FACTORY_TEST_PG_DSN"])
        let schema = "cli_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PostgresDatabase(dsn: dsn, poolSize: 1)
        try admin.write { try $0.executeScript("CREATE SCHEMA \(schema)") }
        let scoped = dsn + (dsn.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        return (["DB_DSN": scoped], {
            try? admin.write { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
            admin.close()
        })
    }

    @Test(arguments: storages)
    func migrateAndSeedTwiceChangeNothingTheSecondTime(storage: String) throws {
        let factory = try FactoryProcess()
        defer { factory.remove() }
        var extra: [String: String] = [:]
        var drop: () -> Void = {}
        if storage == "postgres" { (extra, drop) = try postgresEnvironment() }
        defer { drop() }

        let migrated = try factory.run(["migrate"], extra: extra)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout.contains("applied \(Migrator.known.count) migration(s): \(Migrator.known.joined(separator: ", "))"))
        let again = try factory.run(["migrate"], extra: extra)
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing to do"))

        let seeded = try factory.run(["seed", "--uat", "--demo-dir", Self.demo], extra: extra)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stdout.contains("skus.csv: 3 created"))
        #expect(seeded.stdout.contains("credentials set for: op.aziz"))
        let reseeded = try factory.run(["seed", "--uat", "--demo-dir", Self.demo], extra: extra)
        #expect(reseeded.status == 0, "\(reseeded.stderr)")
        #expect(reseeded.stdout.contains("nothing changed"))
        #expect(reseeded.stdout.contains("skus.csv: 0 created, 0 updated, 3 unchanged"))

        let verified = try factory.run(["audit", "verify"], extra: extra)
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("audit chain intact"))
    }

    @Test func tamperingWithTheAuditLogMakesVerifyFailAndNameTheRow() throws {
        let factory = try FactoryProcess()
        defer { factory.remove() }
        _ = try factory.run(["migrate"])
        _ = try factory.run(["seed", "--uat", "--demo-dir", Self.demo])
        let database = try SQLiteDatabase(path: factory.databasePath)
        try database.write { try $0.execute("UPDATE audit_log SET action = 'masterdata.nothing' WHERE seq = 7") }
        database.close()
        let verified = try factory.run(["audit", "verify"])
        #expect(verified.status == 1)
        #expect(verified.stderrLines.count == 1)
        #expect(verified.stderr.contains("audit row seq 7"))
    }

    @Test func anUnreachableDatabaseStopsWithOneLine() throws {
        let factory = try FactoryProcess()
        defer { factory.remove() }
        let result = try factory.run(["migrate"], extra: ["DB_DSN": "postgresql://nobody@127.0.0.1:1/none"])
        #expect(result.status == 3)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: cannot connect to PostgreSQL (postgresql://nobody@127.0.0.1:1/none)"))
    }

    @Test func aWeakServerSecretStopsWithOneLine() throws {
        let factory = try FactoryProcess(secret: "changeme")
        defer { factory.remove() }
        _ = try factory.run(["migrate"])
        let result = try factory.run(["seed", "--uat", "--demo-dir", Self.demo])
        #expect(result.status == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("SERVER_SECRET is too weak"))
    }

    @Test func aMissingCSVStopsWithOneLine() throws {
        let factory = try FactoryProcess()
        defer { factory.remove() }
        _ = try factory.run(["migrate"])
        let result = try factory.run(["import", "/nonexistent/skus.csv"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: cannot read /nonexistent/skus.csv: no such file or no permission\n")
    }

    @Test func aBadImportListsEveryProblemAndWritesNothing() throws {
        let factory = try FactoryProcess()
        defer { factory.remove() }
        _ = try factory.run(["migrate"])
        let file = factory.directory.appendingPathComponent("materials.csv")
        try "code,name,category,polymer_family\nPVD-PE,PVD,plastic,PE\nPVD-PE,PVD,perv,PE\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try factory.run(["import", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("materials.csv:1 [recyclable_bool]: missing column"))
        #expect(result.stderr.contains("materials.csv:2 [category]: 'plastic' is not a valid material.category"))
        #expect(result.stderr.contains("materials.csv:3 [code]: duplicate 'PVD-PE'"))
        let database = try SQLiteDatabase(path: factory.databasePath)
        defer { database.close() }
        #expect(try database.read { try $0.queryOne("SELECT COUNT(*) AS n FROM materials")?.int("n") } == 0)
    }

    @Test func userAddAsksForCredentialsAndStoresOnlyHashes() throws {
        let factory = try FactoryProcess()
        defer { factory.remove() }
        _ = try factory.run(["migrate"])
        let added = try factory.run(["user", "add", "--username", "otk.two", "--full-name", "Zarina Otk", "--position", "otk"],
                                    stdin: "correct-horse-9\n2580\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("added otk.two (otk)"))
        let weak = try factory.run(["user", "add", "--username", "otk.three", "--full-name", "Z", "--position", "otk"],
                                   stdin: "short\n2580\n")
        #expect(weak.status == 2)
        #expect(weak.stderr.contains("at least 10 characters"))
        let noPIN = try factory.run(["user", "add", "--username", "otk.four", "--full-name", "Z", "--position", "otk"],
                                    stdin: "correct-horse-9\n")
        #expect(noPIN.status == 2)
        let database = try SQLiteDatabase(path: factory.databasePath)
        defer { database.close() }
        let row = try database.read { try $0.queryOne("SELECT password_hash FROM users WHERE username = 'otk.two'") }
        #expect(row?.optionalString("password_hash")?.hasPrefix("$2") == true)
        #expect(try database.read { try $0.queryOne("SELECT COUNT(*) AS n FROM users")?.int("n") } == 1)
    }

    @Test(arguments: [
        [], ["migrate"], ["import"], ["seed"], ["user"], ["user", "add"], ["user", "credentials"], ["user", "list"],
        ["audit"], ["audit", "verify"], ["partitions"], ["demo"],
    ])
    func everyCommandExplainsItself(command: [String]) throws {
        let factory = try FactoryProcess()
        defer { factory.remove() }
        let help = try factory.run(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE:"))
    }

    @Test func theDemoSetsItselfUpAndPrintsTheSignIns() throws {
        let factory = try FactoryProcess()
        defer { factory.remove() }
        let result = try factory.run(["demo", "--setup-only", "--demo-dir", Self.demo], extra: ["SERVER_SECRET": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("op.aziz      demo-aziz-2026"))
        #expect(result.stdout.contains("audit chain: intact"))
        let secrets = factory.directory.appendingPathComponent("factory-demo.secrets").path
        let attributes = try FileManager.default.attributesOfItem(atPath: secrets)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let again = try factory.run(["demo", "--setup-only", "--demo-dir", Self.demo], extra: ["SERVER_SECRET": ""])
        #expect(again.stdout.contains("UAT data: already loaded, nothing changed"))
        #expect(again.stdout.contains("audit chain: intact"))
    }
}
