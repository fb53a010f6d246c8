/// The master-data files of spec §22 and what each row becomes. The order of `all` is the
/// order of import, so every code a file names was written before it.
struct MasterDataFile: Sendable {
    let name: String
    let required: [String]
    let optional: [String]
    let parse: @Sendable (inout RowReader) -> ImportRecord?
    /// Checks across the rows of one file, after each row passed on its own.
    var checkAll: @Sendable ([ImportRecord]) -> [ImportProblem] = { _ in [] }

    static let all: [MasterDataFile] = [
        locations, workcenters, materials, skus, recipes, recipeLines, devices, planNorms, users, qualifications,
    ]

    static func named(_ fileName: String) -> MasterDataFile? { all.first { $0.name == fileName } }

    static let locations = MasterDataFile(
        name: "locations.csv", required: ["code", "kind", "name"], optional: ["zone"]
    ) { row in
        let code = row.text("code")
        return ImportRecord(file: row.file, line: row.line, table: "stock_locations", name: code,
                            key: [("code", .text(code))],
                            fields: [("kind", .word(row.word("kind", LocationKind.self))),
                                     ("name", .text(row.text("name"))), ("zone", .text(row.optionalText("zone")))])
    }

    static let workcenters = MasterDataFile(
        name: "workcenters.csv", required: ["code", "type", "name"], optional: ["location", "active_bool"]
    ) { row in
        let code = row.text("code")
        return ImportRecord(file: row.file, line: row.line, table: "workcenters", name: code,
                            key: [("code", .text(code))],
                            fields: [("type", .word(row.word("type", WorkcenterType.self))),
                                     ("name", .text(row.text("name"))),
                                     ("location", .text(row.optionalText("location"))),
                                     ("active_bool", .bool(row.flag("active_bool", default: true)))])
    }

    static let materials = MasterDataFile(
        name: "materials.csv", required: ["code", "name", "category", "polymer_family", "recyclable_bool"], optional: []
    ) { row in
        let code = row.text("code")
        return ImportRecord(file: row.file, line: row.line, table: "materials", name: code,
                            key: [("code", .text(code))],
                            fields: [("name", .text(row.text("name"))),
                                     ("category", .word(row.word("category", MaterialCategory.self))),
                                     ("polymer_family", .word(row.optionalWord("polymer_family", PolymerFamily.self))),
                                     ("recyclable_bool", .bool(row.flag("recyclable_bool", default: true)))])
    }

    static let skus = MasterDataFile(
        name: "skus.csv",
        required: ["code", "name", "category", "uom_default", "width_mm", "thickness_mm", "kg_per_m2", "mesh_type",
                   "tolerance_weight_pct", "tolerance_length_pct", "degaz_required_bool"],
        optional: ["kg_per_m", "is_recyclable_for_rework_bool", "vt_material_code"]
    ) { row in
        let code = row.text("code")
        let category = row.word("category", SKUCategory.self)
        let vtMaterial = row.optionalText("vt_material_code")
        if category == .vt, vtMaterial == nil {
            row.problems.append(row.problem("vt_material_code", "a VT SKU must name the VT material its batches become"))
        }
        return ImportRecord(file: row.file, line: row.line, table: "skus", name: code,
                            key: [("code", .text(code))],
                            fields: [("name", .text(row.text("name"))), ("category", .word(category)),
                                     ("uom_default", .word(row.word("uom_default", UnitOfMeasure.self))),
                                     ("width_um", .quantity(row.millimetres("width_mm"))),
                                     ("thickness_um", .quantity(row.millimetres("thickness_mm"))),
                                     ("kg_per_m2_mg", .quantity(row.quantity("kg_per_m2", AreaDensity.self))),
                                     ("kg_per_m_mg", .quantity(row.quantity("kg_per_m", LinearDensity.self))),
                                     ("mesh_type", .text(row.optionalText("mesh_type"))),
                                     ("tolerance_weight_mpct", .quantity(row.quantity("tolerance_weight_pct", Percent.self))),
                                     ("tolerance_length_mpct", .quantity(row.quantity("tolerance_length_pct", Percent.self))),
                                     ("degaz_required_bool", .bool(row.flag("degaz_required_bool", default: false))),
                                     ("is_recyclable_for_rework_bool", .bool(row.flag("is_recyclable_for_rework_bool", default: true))),
                                     ("vt_material_id", .code("materials", vtMaterial, column: "vt_material_code"))])
    }

    static let recipes = MasterDataFile(
        name: "recipes.csv", required: ["sku_code", "version", "vt_limit_pct", "status"], optional: []
    ) { row in
        let sku = row.text("sku_code")
        let version = row.integer("version", in: 1...10_000)
        let status = row.word("status", RecipeStatus.self)
        let limit = row.quantity("vt_limit_pct", Percent.self)
        if status == .published, limit == nil {
            row.problems.append(row.problem("vt_limit_pct", "a published recipe needs a VT limit"))
        }
        if let limit, limit > .hundred {
            row.problems.append(row.problem("vt_limit_pct", "a VT limit cannot exceed 100 %"))
        }
        return ImportRecord(file: row.file, line: row.line, table: "recipes", name: "\(sku) v\(version ?? 0)",
                            key: [("sku_id", .code("skus", sku, column: "sku_code")), ("version", .int(version))],
                            fields: [("vt_limit_mpct", .quantity(limit)), ("status", .word(status))],
                            stampOnInsert: status == .published ? ["published_at"] : [],
                            lock: RecordLock(column: "id", sql: "SELECT id FROM recipes WHERE id = ? AND status = 'published'",
                                             message: "recipe \(sku) v\(version ?? 0) is published and cannot change; import it as a new version"))
    }

    static let recipeLines = MasterDataFile(
        name: "recipe_lines.csv",
        required: ["sku_code", "version", "material_code", "comp_type", "ratio_pct"],
        optional: ["ratio_per_kg", "is_optional_bool"]
    ) { row in
        let sku = row.text("sku_code")
        let version = row.integer("version", in: 1...10_000)
        let material = row.text("material_code")
        let ratio = row.quantity("ratio_pct", Percent.self)
        if let ratio, ratio > .hundred {
            row.problems.append(row.problem("ratio_pct", "a share cannot exceed 100 %"))
        }
        let perKg = row.optionalText("ratio_per_kg").flatMap { text -> Int64? in
            do { return try DecimalText.parse(text, scale: 6, max: 1_000_000_000, field: "ratio_per_kg") } catch {
                row.problems.append(row.problem("ratio_per_kg", RowReader.message(error)))
                return nil
            }
        }
        let recipe = Lookup(
            sql: "SELECT r.id FROM recipes r JOIN skus s ON s.id = r.sku_id WHERE s.code = ? AND r.version = ?",
            parameters: [.text(sku), .int(version ?? 0)], column: "sku_code",
            missing: "no recipe \(sku) v\(version ?? 0)")
        return ImportRecord(file: row.file, line: row.line, table: "recipe_lines",
                            name: "\(sku) v\(version ?? 0) \(material)", group: "\(sku) v\(version ?? 0)",
                            key: [("recipe_id", .lookup(recipe)), ("material_id", .code("materials", material, column: "material_code"))],
                            fields: [("comp_type", .word(row.word("comp_type", ComponentType.self))),
                                     ("ratio_mpct", .quantity(ratio)), ("ratio_per_kg_ppm", .int(perKg)),
                                     ("is_optional_bool", .bool(row.flag("is_optional_bool", default: false)))],
                            lock: RecordLock(column: "recipe_id", sql: "SELECT id FROM recipes WHERE id = ? AND status = 'published'",
                                             message: "recipe \(sku) v\(version ?? 0) is published; its lines cannot change"))
    } checkAll: { records in
        // A recipe's shares add up to 100 %, or the mix on the floor is not the one designed.
        var sums: [String: (total: Int64, line: Int)] = [:]
        for record in records {
            guard case .value(.int(let ratio), _)? = record.fields.first(where: { $0.0 == "ratio_mpct" })?.1 else { continue }
            sums[record.group, default: (0, record.line)].total += ratio
        }
        return sums.filter { $0.value.total != Percent.hundred.units }.sorted { $0.key < $1.key }.map {
            ImportProblem(file: "recipe_lines.csv", line: $0.value.line, column: "ratio_pct",
                          message: "the shares of recipe \($0.key) add up to \(Percent(units: $0.value.total)) %, not 100 %")
        }
    }

    static let devices = MasterDataFile(
        name: "devices.csv", required: ["device_id", "workcenter_code", "type", "serial", "calibration_due_at"],
        optional: ["location", "active_bool"]
    ) { row in
        let code = row.text("device_id")
        return ImportRecord(file: row.file, line: row.line, table: "devices", name: code,
                            key: [("code", .text(code))],
                            fields: [("workcenter_id", .code("workcenters", row.optionalText("workcenter_code"), column: "workcenter_code")),
                                     ("location_code", .word(row.optionalWord("location", LocationKind.self))),
                                     ("device_type", .word(row.word("type", DeviceType.self))),
                                     ("serial_no", .text(row.optionalText("serial"))),
                                     ("calibration_due_at", .time(row.timestamp("calibration_due_at"))),
                                     ("active_bool", .bool(row.flag("active_bool", default: true)))])
    }

    static let planNorms = MasterDataFile(
        name: "plan_norms.csv", required: ["sku_code", "workcenter_code", "plan_24h", "plan_uom", "norm_crew", "shift_hours"],
        optional: []
    ) { row in
        let sku = row.text("sku_code")
        let workcenter = row.text("workcenter_code")
        let plan = row.optionalText("plan_24h").flatMap { text -> Int64? in
            do { return try DecimalText.parse(text, scale: 3, max: 1_000_000_000_000, field: "plan_24h") } catch {
                row.problems.append(row.problem("plan_24h", RowReader.message(error)))
                return nil
            }
        }
        return ImportRecord(file: row.file, line: row.line, table: "plan_norms", name: "\(sku) on \(workcenter)",
                            key: [("sku_id", .code("skus", sku, column: "sku_code")),
                                  ("workcenter_id", .code("workcenters", workcenter, column: "workcenter_code"))],
                            fields: [("plan_24h_milli", .int(plan)),
                                     ("plan_uom", .word(row.word("plan_uom", UnitOfMeasure.self))),
                                     ("norm_crew", .int(row.integer("norm_crew", in: 1...100))),
                                     ("shift_hours", .int(row.integer("shift_hours", in: 1...24)))])
    }

    /// People without credentials: passwords and PINs are set by `factory user` commands.
    static let users = MasterDataFile(
        name: "users.csv", required: ["username", "full_name", "position", "grade"], optional: ["bitrix_id", "status"]
    ) { row in
        let username = row.text("username")
        if !username.isEmpty, !UserService.isValidUsername(username) {
            row.problems.append(row.problem("username", UserService.usernameRule))
        }
        let position = row.word("position", Position.self)
        let grade = row.optionalWord("grade", Grade.self)
        if position == .operator, grade == nil {
            row.problems.append(row.problem("grade", "an operator needs a grade (stajor, kichik, katta, starshiy)"))
        }
        return ImportRecord(file: row.file, line: row.line, table: "users", name: username,
                            key: [("username", .text(username))],
                            fields: [("full_name", .text(row.text("full_name"))), ("position", .word(position)),
                                     ("grade", .word(grade)), ("bitrix_id", .text(row.optionalText("bitrix_id"))),
                                     ("status", .word(row.optionalWord("status", UserStatus.self) ?? .active))],
                            stampOnInsert: ["created_at", "updated_at"])
    }

    static let qualifications = MasterDataFile(
        name: "qualifications.csv", required: ["username", "workcenter_code"], optional: ["valid_until"]
    ) { row in
        let username = row.text("username")
        let workcenter = row.text("workcenter_code")
        let user = Lookup(sql: "SELECT id FROM users WHERE username = ?", parameters: [.text(username)],
                          column: "username", missing: "no user '\(username)'")
        return ImportRecord(file: row.file, line: row.line, table: "operator_qualifications",
                            name: "\(username) on \(workcenter)",
                            key: [("user_id", .lookup(user)),
                                  ("workcenter_id", .code("workcenters", workcenter, column: "workcenter_code"))],
                            fields: [("valid_until", .time(row.timestamp("valid_until")))],
                            stampOnInsert: ["granted_at"])
    }
}
