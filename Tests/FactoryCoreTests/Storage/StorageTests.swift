import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct StorageTests {
    @Test(arguments: TestBackends.all)
    func migratingTwiceAppliesNothingTheSecondTime(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let again = try Migrator.migrate(factory.db, clock: factory.clock)
        #expect(again.applied.isEmpty)
        #expect(again.alreadyApplied == Migrator.known)
        #expect(again.partitionsCreated.isEmpty)
        #expect(try Migrator.pending(factory.db).isEmpty)
        #expect(try factory.count("role_permissions") > 0)
    }

    @Test(arguments: TestBackends.all)
    func valuesComeBackAsTheyWereWritten(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let id = TypedID<StorageTests>()
        let time = try #require(Timestamp(parsing: "2026-11-25T06:07:08.123456Z"))
        try factory.db.write { db in
            try db.execute("""
                INSERT INTO materials (id, code, name, category, polymer_family, recyclable_bool, attributes_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, id, "O‘G‘IL-1", "Qo‘shimcha \"test\"", MaterialCategory.additiv, PolymerFamily?.none, false, #"{"a":1}"#)
            try db.execute("INSERT INTO stock_locations (id, code, kind, name) VALUES (?, 'MAIN', 'MAIN', 'Main')", UUID().uuidString.lowercased())
            try db.execute("""
                INSERT INTO rework_orders (id, type, opened_at, in_total_g) VALUES (?, 'rework_hard', ?, ?)
                """, id, time, Grams(1_234_567_890))
        }
        let (material, order) = try factory.db.read { db in
            (try #require(try db.queryOne("SELECT * FROM materials WHERE id = ?", id)),
             try #require(try db.queryOne("SELECT * FROM rework_orders WHERE id = ?", id)))
        }
        #expect(try material.string("code") == "O‘G‘IL-1")
        #expect(try material.string("name") == "Qo‘shimcha \"test\"")
        #expect(try material.bool("recyclable_bool") == false)
        #expect(material.isNull("polymer_family"))
        #expect(try material.id("id") == id)
        #expect(try order.timestamp("opened_at") == time)
        #expect(try order.quantity("in_total_g", as: Grams.self) == Grams(1_234_567_890))
    }

    @Test(arguments: TestBackends.all)
    func aThrowingTransactionLeavesNothingBehind(backend: Backend) throws {
        let factory = try TestFactory(backend)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try factory.db.write { db in
                try db.execute("INSERT INTO stock_locations (id, code, kind, name) VALUES (?, 'MAIN', 'MAIN', 'Main')",
                               UUID().uuidString.lowercased())
                throw Abort()
            }
        }
        #expect(try factory.count("stock_locations") == 0)
    }

    @Test(arguments: TestBackends.all)
    func constraintsSpeakTheProductsErrorCodes(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let insert = "INSERT INTO stock_locations (id, code, kind, name) VALUES (?, ?, ?, 'x')"
        try factory.db.write { try $0.execute(insert, UUID().uuidString.lowercased(), "MAIN", "MAIN") }
        #expect {
            try factory.db.write { try $0.execute(insert, UUID().uuidString.lowercased(), "MAIN", "MAIN") }
        } throws: { ($0 as? FactoryError)?.reason == "unique_violation" }
        #expect {
            try factory.db.write { try $0.execute(insert, UUID().uuidString.lowercased(), "ELSEWHERE", "MOON") }
        } throws: { ($0 as? FactoryError)?.reason == "constraint_violation" }
    }

    @Test(arguments: TestBackends.all)
    func stockRowsHoldMaterialOrSkuNeverBoth(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        #expect {
            try factory.db.write { db in
                try db.execute("""
                    INSERT INTO stock_items (id, location_id, item_type, material_id, sku_id, qty_milli, uom)
                    SELECT ?, l.id, 'material', m.id, s.id, 1000, 'kg'
                    FROM stock_locations l, materials m, skus s WHERE l.code = 'MAIN' AND m.code = 'PVD-PE' AND s.code = 'POL-10'
                    """, UUID().uuidString.lowercased())
            }
        } throws: { ($0 as? FactoryError)?.code == .validationError }
        #expect {
            try factory.db.write { db in
                try db.execute("""
                    INSERT INTO stock_items (id, location_id, item_type, material_id, qty_milli, uom)
                    SELECT ?, l.id, 'material', m.id, -1, 'kg' FROM stock_locations l, materials m
                    WHERE l.code = 'MAIN' AND m.code = 'PVD-PE'
                    """, UUID().uuidString.lowercased())
            }
        } throws: { ($0 as? FactoryError)?.code == .validationError }
    }

    @Test(arguments: TestBackends.all)
    func aReadTransactionRefusesWrites(backend: Backend) throws {
        let factory = try TestFactory(backend)
        #expect(throws: FactoryError.self) {
            try factory.db.read { try $0.execute("INSERT INTO qr_sequences (day, last_no) VALUES ('2026-11-25', 1)") }
        }
        try factory.db.write { try $0.execute("INSERT INTO qr_sequences (day, last_no) VALUES ('2026-11-25', 1)") }
        #expect(try factory.count("qr_sequences") == 1, "the connection is writable again after the read")
    }

    @Test(arguments: TestBackends.all)
    func theSameStatementRunsManyTimesOnOneConnection(backend: Backend) throws {
        let factory = try TestFactory(backend)
        try factory.db.write { db in
            for n in 1...50 {
                try db.execute("INSERT INTO qr_sequences (day, last_no) VALUES (?, ?)", "2026-11-\(n)", n)
            }
        }
        let total = try factory.db.read { try $0.queryOne("SELECT SUM(last_no) AS s FROM qr_sequences")?.int("s") }
        #expect(total == 1275)
    }

    @Test(arguments: TestBackends.all.filter { $0 == .postgres })
    func postgresPartitionsTheTimeTables(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let partitioned = try factory.db.read { db in
            try db.query("""
                SELECT c.relname AS name FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() ORDER BY 1
                """).map { try $0.string("name") }
        }
        #expect(partitioned == ["audit_log", "scale_events", "stock_txn"])
        let children = try factory.db.read { db in
            Set(try db.query("""
                SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()
                """).map { try $0.string("name") })
        }
        #expect(children.contains("scale_events_20261125"))
        #expect(children.contains("scale_events_20261209"))
        #expect(children.contains("audit_log_202611"))
        #expect(children.contains("stock_txn_202702"))
        #expect(children.contains("audit_log_default"))
        // Far ahead of the created partitions, a row still lands (in the default partition).
        factory.clock.set(Timestamp(parsing: "2029-01-01T00:00:00Z")!)
        try factory.db.write { db in
            try factory.audit.record(db, by: TestFactory.console, action: "test.future", object: AuditObject("thing", "1"))
        }
        #expect(try factory.audit.verify(factory.db).isIntact)
        // A partition for that month can no longer be cut out of the default; ensure skips it.
        let created = try Partitions.ensure(factory.db, around: factory.clock.now())
        #expect(!created.contains("audit_log_202901"))
        #expect(created.contains("scale_events_20290105"))
    }
}
