import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct MasterDataImportTests {
    @Test(arguments: TestBackends.all)
    func theUATDataSetLoadsAndASecondLoadChangesNothing(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let first = try factory.loadUAT()
        #expect(first.changed)
        let skus = try #require(first.files.first { $0.name == "skus.csv" })
        #expect(skus.counts.created == 3)
        let auditRows = try factory.count("audit_log")

        let second = try factory.loadUAT()
        #expect(!second.changed)
        #expect(second.files.allSatisfy { $0.counts.created == 0 && $0.counts.updated == 0 })
        #expect(try factory.count("audit_log") == auditRows)

        let pol = try factory.db.read { try #require(try $0.queryOne("SELECT * FROM skus WHERE code = 'POL-10'")) }
        #expect(try pol.quantity("kg_per_m2_mg", as: AreaDensity.self) == AreaDensity(units: 120_000))
        #expect(try pol.quantity("tolerance_weight_mpct", as: Percent.self) == .whole(2))
        #expect(try pol.bool("degaz_required_bool"))
        let recipe = try factory.db.read { db in
            try #require(try db.queryOne("""
                SELECT r.vt_limit_mpct, r.status, r.published_at FROM recipes r JOIN skus s ON s.id = r.sku_id
                WHERE s.code = 'POL-10' AND r.version = 1
                """))
        }
        #expect(try recipe.quantity("vt_limit_mpct", as: Percent.self) == .whole(35))
        #expect(try recipe.optionalTimestamp("published_at") == factory.clock.now())
        let scale = try factory.db.read { try #require(try $0.queryOne("SELECT * FROM devices WHERE code = 'scale-MAIN-01'")) }
        #expect(try scale.timestamp("calibration_due_at") == Timestamp(parsing: "2030-12-31T00:00:00Z"))
    }

    @Test(arguments: TestBackends.all)
    func aChangedRowIsUpdatedAndAudited(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let report = try factory.services.masterData.importTexts([(
            "materials.csv", "code,name,category,polymer_family,recyclable_bool\nTALK,Talk (Uzbek),additiv,OTHER,false\n"
        )], into: factory.db, by: TestFactory.console)
        #expect(report.files.first?.counts.updated == 1)
        let audit = try factory.db.read { db in
            try #require(try db.queryOne("SELECT action, old_new_diff_json FROM audit_log ORDER BY seq DESC LIMIT 1"))
        }
        #expect(try audit.string("action") == "masterdata.updated")
        #expect(try audit.string("old_new_diff_json").contains("Talk (Uzbek)"))
        #expect(try factory.audit.verify(factory.db).isIntact)
    }

    @Test(arguments: TestBackends.all)
    func aBadEnumADuplicateCodeAndAMissingColumnAreAllNamedAndNothingIsWritten(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let before = try factory.count("audit_log")
        let workcenters = "code,type,name\nE1,extruder,Ekstruder 1\nE1,extruder,Ekstruder 1 again\nE2,blender,Mixer\n"
        let materials = "code,name,category,polymer_family\nPVD-PE,PVD,perv,PE\n"
        #expect {
            try factory.services.masterData.importTexts(
                [("workcenters.csv", workcenters), ("materials.csv", materials)], into: factory.db, by: TestFactory.console)
        } throws: { error in
            guard let rejected = error as? ImportRejected else { return false }
            let text = rejected.description
            return rejected.problems.count == 3
                && text.contains("workcenters.csv:3 [code]: duplicate 'E1' (first on line 2)")
                && text.contains("workcenters.csv:4 [type]: 'blender' is not a valid workcenter.type")
                && text.contains("materials.csv:1 [recyclable_bool]: missing column")
        }
        #expect(try factory.count("workcenters") == 0)
        #expect(try factory.count("materials") == 0)
        #expect(try factory.count("audit_log") == before)
    }

    @Test(arguments: TestBackends.all)
    func anUnknownReferenceRollsBackTheWholeImport(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let materials = "code,name,category,polymer_family,recyclable_bool\nPVD-PE,PVD,perv,PE,true\n"
        let recipes = "sku_code,version,vt_limit_pct,status\nNOPE-1,1,35,published\n"
        #expect {
            try factory.services.masterData.importTexts(
                [("materials.csv", materials), ("recipes.csv", recipes)], into: factory.db, by: TestFactory.console)
        } throws: { error in
            (error as? ImportRejected)?.description.contains("recipes.csv:2 [sku_code]: no sku with code 'NOPE-1'") == true
        }
        #expect(try factory.count("materials") == 0, "the valid file must not be half-imported")
    }

    @Test(arguments: TestBackends.all)
    func recipeSharesMustAddUpToAHundred(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let lines = "sku_code,version,material_code,comp_type,ratio_pct\nPOL-10,1,PVD-PE,perv,60\nPOL-10,1,VT-PE,vt,30\n"
        #expect {
            try factory.services.masterData.importTexts([("recipe_lines.csv", lines)], into: factory.db, by: TestFactory.console)
        } throws: { error in
            (error as? ImportRejected)?.description.contains("add up to 90.000 %") == true
        }
    }

    @Test func badNumbersAndUnknownFilesAreNamed() throws {
        let factory = try TestFactory(.sqlite)
        let skus = """
            code,name,category,uom_default,width_mm,thickness_mm,kg_per_m2,mesh_type,tolerance_weight_pct,tolerance_length_pct,degaz_required_bool
            X-1,X,polotno,m,-5,,0.1234567,,2.0001,1,perhaps
            """
        #expect {
            try factory.services.masterData.importTexts([("skus.csv", skus), ("prices.csv", "a\n1\n")], into: factory.db, by: TestFactory.console)
        } throws: { error in
            guard let text = (error as? ImportRejected)?.description else { return false }
            return text.contains("prices.csv: unknown file") && text.contains("[width_mm]") && text.contains("[kg_per_m2]")
                && text.contains("[tolerance_weight_pct]") && text.contains("[degaz_required_bool]")
        }
    }
}

@Suite struct PublishedRecipeTests {
    @Test(arguments: TestBackends.all)
    func aPublishedRecipeCannotBeChangedByImport(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let importer = factory.services.masterData
        #expect {
            try importer.importTexts([("recipes.csv", "sku_code,version,vt_limit_pct,status\nPOL-10,1,40,published\n")],
                                     into: factory.db, by: TestFactory.console)
        } throws: { ($0 as? ImportRejected)?.description.contains("recipe POL-10 v1 is published and cannot change") == true }
        #expect {
            try importer.importTexts([("recipe_lines.csv", """
                sku_code,version,material_code,comp_type,ratio_pct
                POL-10,1,PVD-PE,perv,65
                POL-10,1,VT-PE,vt,25
                POL-10,1,MB-RED,additiv,5
                POL-10,1,TALK,additiv,5
                """)], into: factory.db, by: TestFactory.console)
        } throws: { ($0 as? ImportRejected)?.description.contains("its lines cannot change") == true }
        // A new version is the way to change a recipe.
        let report = try importer.importTexts([
            ("recipes.csv", "sku_code,version,vt_limit_pct,status\nPOL-10,2,40,draft\n"),
            ("recipe_lines.csv", "sku_code,version,material_code,comp_type,ratio_pct\nPOL-10,2,PVD-PE,perv,65\nPOL-10,2,VT-PE,vt,35\n"),
        ], into: factory.db, by: TestFactory.console)
        #expect(report.files.map(\.counts.created) == [1, 2])
    }
}
