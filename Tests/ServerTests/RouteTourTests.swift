import FactoryCore
import FactoryTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Server
import Testing

/// Every route of the API, reached the way its user would reach it: a walk through one
/// production day that succeeds at each route at least once (the later-issue routes answer
/// 501), and, for every route, one refusal of a caller without a token or signature.
@Suite struct RouteTourTests {
    static func routes(_ harness: APIHarness) -> [(method: String, path: String)] {
        FactoryServer.router(harness.api).routes.map { ($0.method.rawValue, $0.path.description) }
    }

    /// `/api/v1/sessions/{id}/close` matches `/api/v1/sessions/abc/close`.
    static func matches(_ template: String, _ path: String) -> Bool {
        let t = template.split(separator: "/"), p = path.split(separator: "/")
        return t.count == p.count && zip(t, p).allSatisfy { $0.hasPrefix("{") || $0.hasPrefix(":") || $0 == $1 }
    }

    @Test func everyRouteRefusesACallerWithoutCredentials() async throws {
        let harness = try await APIHarness(.sqlite)
        let open: Set<String> = ["/health", "/livez", "/metrics", "/api/v1/openapi.json", "/api/v1/auth/login", "/api/v1/auth/refresh"]
        try await harness.run { client in
            for route in Self.routes(harness) where !open.contains(route.path) {
                let concrete = route.path.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "x", options: .regularExpression)
                let reply = try await client.call(HTTPRequest.Method(route.method)!, concrete, json: [:])
                #expect(reply.status == 401, "\(route.method) \(route.path)")
                #expect(reply.isEnvelope, "\(route.method) \(route.path)")
            }
            let login = try await client.call(.post, "auth/login", json: ["username": "x"])
            #expect(login.status == 422 && login.errorDetail["field"] == "password")
        }
    }

    @Test(arguments: TestBackends.all)
    func aProductionDayReachesEveryRoute(backend: Backend) async throws {
        let harness = try await APIHarness(backend)
        _ = try harness.floor.services.masterData.importTexts([
            ("recipes.csv", "sku_code,version,vt_limit_pct,status\nPOL-10,2,30,published\n"),
            ("recipe_lines.csv", "sku_code,version,material_code,comp_type,ratio_pct,ratio_per_kg,is_optional_bool\n"
                + "POL-10,2,PVD-PE,perv,70,0.700,false\nPOL-10,2,VT-PE,vt,30,0.300,false\n"),
        ], into: harness.floor.factory.db, by: TestFactory.console)
        for user in ["main.ombor", "shop.op", "sexboshligi", "op.aziz", "fg.ombor", "texnolog", "drabilka", "direktor", "integrator", "moliya"] {
            try harness.credentials(user)
        }
        try harness.credentials("otk", pin: "3301")
        // An employee pulled from Bitrix24, whose match the integrator corrects on the tour.
        let services = harness.api.services
        _ = try services.perform { db in
            try services.integrationPull.employees(db, [BitrixEmployee(externalID: "901", fullName: "Yangi Xodim", active: true, position: "", department: "Sex")])
        }
        // A shipment that arrived lighter than sent, whose P3 alert the shop head and the director handle on the tour.
        _ = try services.perform { try services.alerts.raise($0, AlertFinding(rule: .transferDifferencePct, object: "tour", valueMilli: 3_500, thresholdMilli: 2_000)) }
        let log = try await harness.run { client in
            try await Tour(client: client, calendar: harness.api.services.calendar, runReports: { _ = try harness.api.reports.runNext() }).walk()
            return client.log
        }
        var missing: [String] = []
        for route in Self.routes(harness) {
            let reached = log.all.contains { $0.method == route.method && Self.matches(route.path, $0.path) && (200..<300).contains($0.status) }
            if !reached { missing.append("\(route.method) \(route.path)") }
        }
        #expect(missing.isEmpty, "routes never reached successfully: \(missing)")
        #expect(try harness.floor.factory.audit.verify(harness.floor.factory.db).isIntact)
    }
}

/// The day itself. Each step states what it expects; a wrong status stops the walk with the body.
struct Tour {
    let client: Client
    let calendar: PlantCalendar
    /// What the report worker of `factory serve` does between two requests.
    var runReports: @Sendable () throws -> Void = {}

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, as token: String? = nil, _ json: JSONValue? = nil,
              raw: String? = nil, expect status: Int) async throws -> Reply {
        let reply = try await client.call(method, path, token: token, json: json, raw: raw.map { Array($0.utf8) },
                                          headers: raw == nil ? [:] : [.contentType: "text/csv"])
        guard reply.status == status else {
            throw FactoryError(.validationError, reason: "tour_step", "\(method) \(path): \(reply.status) \(reply.body.canonicalText)")
        }
        // Every answer of the day is the one openapi.json describes for its status.
        let uri = path.hasPrefix("/") ? path : "/api/v1/\(path)"
        // The metrics and the exported files are not JSON.
        guard uri != "/metrics", reply.headers[.contentType]?.hasPrefix("application/json") ?? false else { return reply }
        let problems = Self.contract.problems(reply.body, try Self.contract.schema(method: method.rawValue, path: uri, status: status))
        guard problems.isEmpty else {
            throw FactoryError(.validationError, reason: "tour_contract", "\(method) \(path) \(status): \(problems.prefix(5).joined(separator: "; "))")
        }
        return reply
    }

    static let contract = try! SchemaCheck()

    func id(_ reply: Reply, _ key: String = "id") throws -> String {
        guard let id = reply.string(key) else { throw FactoryError.notFound("field", key) }
        return id
    }

    func walk() async throws {
        let gates = try Gateways(client, devices: ["scale-MAIN-01", "scale-SHOP-01", "scale-E1-pack-01", "len-E1-01",
                                                   "scale-RW-IN-01", "scale-RW-OUT-01"])
        var tokens: [String: String] = [:]
        for user in ["main.ombor", "shop.op", "sexboshligi", "op.aziz", "otk", "fg.ombor", "texnolog", "drabilka", "direktor", "integrator", "moliya"] {
            tokens[user] = try await client.login(user)
        }
        let (main, shop, head, aziz) = (tokens["main.ombor"]!, tokens["shop.op"]!, tokens["sexboshligi"]!, tokens["op.aziz"]!)
        let (otk, fg, tech, grinder) = (tokens["otk"]!, tokens["fg.ombor"]!, tokens["texnolog"]!, tokens["drabilka"]!)
        let (director, integrator) = (tokens["direktor"]!, tokens["integrator"]!)

        // System and people.
        try await call(.get, "/health", expect: 200)
        try await call(.get, "/livez", expect: 200)
        try await call(.get, "/api/v1/openapi.json", expect: 200)
        let login = try await call(.post, "auth/login", ["username": "op.aziz", "password": "test-password-1"], expect: 200)
        try await call(.post, "auth/refresh", ["refresh_token": .string(try id(login, "refresh_token"))], expect: 200)
        try await call(.get, "me", as: aziz, expect: 200)
        try await call(.get, "users?role=operator", as: integrator, expect: 200)
        for path in ["roles", "permissions", "rbac/roles", "rbac/permissions"] { try await call(.get, path, as: aziz, expect: 200) }

        // Devices.
        try await call(.get, "devices", as: integrator, expect: 200)
        try await call(.patch, "devices/scale-MAIN-01/calibration", as: integrator,
                       ["performed_at": "2026-11-20T08:00:00Z", "valid_until": "2027-11-20T08:00:00Z", "certificate_no": "UZST-1"], expect: 200)
        let key = try await gates.key("scale-SHOP-01")
        let beat = try await client.signed("devices/scale-SHOP-01/heartbeat", device: "scale-SHOP-01", key: key, body: [])
        guard beat.status == 200 else { throw FactoryError.notFound("heartbeat", "\(beat.status)") }
        try await call(.get, "devices/health", as: integrator, expect: 200)

        // M1/M2 stock: a request, its shipment, a cancelled request, a return, a count.
        try await gates.weigh("scale-MAIN-01", "300")
        try await call(.post, "stock/main/receive", as: main, ["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-MAIN-01"], expect: 201)
        try await gates.weigh("scale-MAIN-01", "50")
        try await call(.post, "stock/main/receive", as: main, ["material_id": "VT-PE", "batch_no": "VT-1", "device_id": "scale-MAIN-01"], expect: 201)
        try await call(.get, "ingest/scale-events?device_id=scale-MAIN-01&page_size=5", as: integrator, expect: 200)
        let request = try await call(.post, "stock/requests", as: head, ["lines": [["material_id": "PVD-PE", "planned_kg": 200]]], expect: 201)
        let spare = try await call(.post, "stock/requests", as: head, ["lines": [["material_id": "VT-PE", "planned_kg": "10.5"]]], expect: 201)
        try await call(.get, "stock/requests", as: main, expect: 200)
        try await call(.post, "stock/requests/\(try id(spare))/cancel", as: head, ["reason": "plan changed"], expect: 200)
        try await gates.weigh("scale-MAIN-01", "200")
        let shipped = try await call(.post, "stock/transfers/main-to-shop", as: main, [
            "lines": [["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-MAIN-01"]],
            "request_id": .string(try id(request))], expect: 201)
        try await gates.weigh("scale-SHOP-01", "200")
        try await call(.post, "stock/transfers/\(try id(shipped))/receive", as: shop, ["device_id": "scale-SHOP-01"], expect: 200)
        // The VT goes in two loads on the one MAIN scale and is weighed in at SHOP load by load.
        try await gates.weigh("scale-MAIN-01", "20")
        let vt = try await call(.post, "stock/transfers/main-to-shop", as: main, [
            "lines": [["material_id": "VT-PE", "batch_no": "VT-1", "device_id": "scale-MAIN-01"]]], expect: 201)
        try await gates.weigh("scale-MAIN-01", "10")
        let secondLoad = try await call(.post, "stock/transfers/\(try id(vt))/lines", as: main,
                                        ["material_id": "VT-PE", "batch_no": "VT-1", "device_id": "scale-MAIN-01"], expect: 201)
        for (line, kg) in zip(secondLoad["lines"]?.arrayItems ?? [], ["20", "10"]) {
            try await gates.weigh("scale-SHOP-01", kg)
            try await call(.post, "stock/transfers/\(try id(vt))/lines/\(line.objectFields["id"]?.stringValue ?? "")/receive", as: shop,
                           ["device_id": "scale-SHOP-01"], expect: 200)
        }
        try await gates.weigh("scale-SHOP-01", "20")
        let back = try await call(.post, "stock/transfers/shop-to-main", as: shop, [
            "lines": [["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-SHOP-01"]]], expect: 201)
        try await gates.weigh("scale-MAIN-01", "20")
        try await call(.post, "stock/transfers/\(try id(back))/receive", as: main, ["device_id": "scale-MAIN-01"], expect: 200)
        try await gates.weigh("scale-SHOP-01", "10")
        try await call(.post, "stock/shop/snapshot", as: shop, ["shift": "day", "items": [
            ["material_id": "VT-PE", "batch_no": "VT-1", "device_id": "scale-SHOP-01"]]], expect: 201)
        try await call(.get, "stock/locations", as: main, expect: 200)
        try await call(.get, "stock/items?location=SHOP", as: main, expect: 200)

        // M3: a session, its inputs, a pause, a recipe change approved by the technologist.
        let session = try id(try await call(.post, "sessions", as: head, [
            "workcenter_id": "E1", "sku_id": "POL-10", "partiya_no": "P-TOUR", "shift": "day", "operators": ["op.aziz"]], expect: 201))
        try await gates.weigh("scale-SHOP-01", "150")
        try await call(.post, "sessions/\(session)/inputs", as: shop, ["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-SHOP-01"], expect: 201)
        try await call(.get, "sessions?status=opened&workcenter_id=E1", as: head, expect: 200)
        try await call(.get, "sessions/\(session)", as: aziz, expect: 200)
        try await call(.patch, "sessions/\(session)/pause", as: aziz, ["reason": "film break"], expect: 200)
        try await call(.patch, "sessions/\(session)/resume", as: aziz, expect: 200)
        let change = try await call(.post, "sessions/\(session)/recipe-change", as: head, ["version": 1, "reason": "back to the additive mix"], expect: 202)
        try await call(.get, "approvals?type=live_recipe_change", as: tech, expect: 200)
        try await call(.post, "approvals/\(try id(change, "approval_id"))/approve", as: tech, ["comment": "ok"], expect: 200)

        // M5: one roll in tolerance, one over (review approved), one over (review rejected),
        // one whose length is corrected.
        func pack(_ kg: String) async throws -> Reply {
            try await gates.weigh("scale-E1-pack-01", kg)
            try await gates.weigh("len-E1-01", "250")
            return try await client.call(.post, "packages", token: aziz, json: [
                "session_id": .string(session), "device_id": "scale-E1-pack-01", "length_mode": "auto", "length_device_id": "len-E1-01"])
        }
        let good = try await pack("30")
        let approved = try await pack("30.8"), rejected = try await pack("30.9"), corrected = try await pack("30.7")
        for reply in [good, approved, rejected, corrected] where reply.status != 201 { throw FactoryError.notFound("pack", "\(reply.body)") }
        for (reply, verb) in [(approved, "approve"), (rejected, "reject")] {
            let submitted = try await call(.post, "packages/\(try id(reply))/review/submit", as: aziz, ["reason": "thick edge"], expect: 202)
            try await call(.post, "packages/\(try id(reply))/review/\(verb)", as: head,
                           ["approval_id": .string(try id(submitted, "approval_id")), "comment": "seen"], expect: 200)
        }
        try await call(.patch, "packages/\(try id(corrected))", as: head, ["length_m": 255, "reason": "counter slipped"], expect: 200)
        try await call(.get, "packages/\(try id(good))", as: aziz, expect: 200)

        // M6 and M9: degassing, QC, FG, a duplicate scan held and released, its gate released.
        try await call(.post, "degassing/done", as: tech, ["partiya_no": "P-TOUR"], expect: 200)
        try await call(.get, "qc/queue?workcenter_id=E1", as: otk, expect: 200)
        var passed: [String] = []
        for reply in [good, approved, corrected] {
            try await call(.post, "qc/decide", as: otk, ["package_id": .string(try id(reply)), "decision": "ok", "protocol": ["visual": "ok"],
                                                         "pin": "3301"], expect: 201)
            passed.append(try id(reply, "qr_code"))
        }
        for code in passed { try await call(.post, "fg/receive", as: fg, ["qr_code": .string(code)], expect: 200) }
        // The same label again at once is a double scan (409 already_received, nothing held);
        // ten minutes later it is a second label: the duplicate gate and a hold to release, by
        // the hold (its gate goes with it) or by the gate (its hold goes with it).
        try await call(.post, "fg/receive", as: fg, ["qr_code": .string(passed[0])], expect: 409)
        client.harness.clock.advance(seconds: 10 * 60)
        for code in passed.prefix(2) { try await call(.post, "fg/receive", as: fg, ["qr_code": .string(code)], expect: 409) }
        try await call(.get, "fg/items?partiya_no=P-TOUR", as: fg, expect: 200)
        try await call(.get, "fg/onhold", as: fg, expect: 200)
        try await call(.post, "fg/onhold/release", as: head, ["qr_code": .string(passed[0]), "reason": "scanned twice by mistake"], expect: 200)
        try await call(.get, "gates?object_id=\(try id(good))", as: head, expect: 200)
        let open = try await call(.get, "gates?object_id=\(try id(approved))", as: head, expect: 200)
        guard case .array(let list)? = open["items"], list.count == 1, case .string(let gate)? = list.first?.objectFields["id"] else {
            throw FactoryError.notFound("gate", "qr_duplicate of \(passed[1]): \(open.body)")
        }
        try await call(.post, "gates/\(gate)/release", as: head, ["note": "double scan, one roll"], expect: 200)
        let held = try await call(.get, "fg/onhold", as: fg, expect: 200)
        guard case .array(let holds)? = held["items"], holds.isEmpty else { throw FactoryError.conflict("still_held", "\(held.body)") }

        // M8: the rejected roll and a container are ground; VT goes back to MAIN; scrap of the
        // session is disposed; IN weight without scrap is linked by hand.
        try await gates.weigh("scale-E1-pack-01", "5.5")
        try await call(.post, "sessions/\(session)/scrap", as: aziz, ["device_id": "scale-E1-pack-01", "tare_kg": "0.5", "seal_no": "S-1"], expect: 201)
        let order = try id(try await call(.post, "rework/orders", as: grinder, ["type": "rework_hard", "note": "day shift"], expect: 201))
        try await gates.weigh("scale-RW-IN-01", "31.4")
        try await call(.post, "rework/orders/\(order)/in", as: grinder, ["containers": [
            ["seal_no": "R-1", "device_id": "scale-RW-IN-01", "tare_kg": "0.5", "qr_code": .string(try id(rejected, "qr_code"))]]], expect: 201)
        try await gates.weigh("scale-RW-IN-01", "4.5")
        try await call(.post, "rework/dispose", as: grinder, ["session_id": .string(session), "device_id": "scale-RW-IN-01", "tare_kg": "0.5",
                                                               "reason": "oily"], expect: 201)
        try await gates.weigh("scale-RW-IN-01", "3")
        try await call(.post, "rework/orders/\(order)/in", as: grinder, ["containers": [
            ["device_id": "scale-RW-IN-01", "tare_kg": 0, "session_id": .string(session)]]], expect: 201)
        try await gates.weigh("scale-E1-pack-01", "2.5")
        try await call(.post, "sessions/\(session)/scrap", as: aziz, ["device_id": "scale-E1-pack-01", "tare_kg": "0.5"], expect: 201)
        try await call(.post, "rework/fifo-link", as: grinder, ["order_id": .string(order), "session_id": .string(session), "qty_kg": 2], expect: 201)
        try await gates.weigh("scale-RW-OUT-01", "32")
        let out = try await call(.post, "rework/orders/\(order)/out", as: grinder, ["device_id": "scale-RW-OUT-01", "vt_sku_id": "VT-PE-GR"],
                                 expect: 201)
        // Spec §11: {out_kg, loss_pct, vt_batch_id, stock_txn_id}.
        for field in ["out_kg", "loss_pct", "vt_batch_id", "stock_txn_id"] where out.string(field) == nil {
            throw FactoryError.notFound("rework_out_field", "\(field) in \(out.body.canonicalText)")
        }
        try await call(.get, "rework/orders?status=closed", as: grinder, expect: 200)

        // M7: the balance, investigate, close, and the three-step re-open.
        try await gates.weigh("scale-SHOP-01", "20.6")
        try await call(.post, "stock/shop/snapshot", as: shop, ["shift": "day", "items": [
            ["material_id": "PVD-PE", "batch_no": "B-1", "device_id": "scale-SHOP-01", "session_id": .string(session)]]], expect: 201)
        let preview = try await call(.get, "sessions/\(session)/balance/preview", as: head, expect: 200)
        try await call(.get, "sessions/\(session)/investigate", as: head, expect: 200)
        try await call(.get, "dash/session-live?workcenter_id=E1", as: head, expect: 200)
        guard preview["can_close"] == .bool(true) else { throw FactoryError.conflict("tour_balance", preview.body.canonicalText) }
        try await call(.patch, "sessions/\(session)/close", as: head, expect: 200)
        let reopen = try await call(.post, "sessions/\(session)/reopen", as: head, ["reason": "a roll was mislabelled"], expect: 202)
        let approval = try id(reopen, "approval_id")
        try await call(.post, "approvals/\(approval)/approve", as: head, ["comment": "checked"], expect: 200)
        try await call(.post, "approvals/reopen_session/\(session)/approve", as: tech, [:], expect: 200)
        try await call(.post, "approvals/reopen_session/\(session)/reject", as: director, ["comment": "fix the label instead"], expect: 200)
        try await call(.post, "approvals/\(approval)/reject", as: director, [:], expect: 409)
        let again = try await call(.post, "sessions/\(session)/reopen", as: head, ["reason": "second look"], expect: 202)
        try await call(.post, "approvals/\(try id(again, "approval_id"))/reject", as: head, ["comment": "not needed"], expect: 200)

        // M11: finance sets the KPI up, records the crew's hours, and takes the day's KPI and the
        // month's payroll through generate, approve and export.
        let finance = tokens["moliya"]!
        let started = try #require(Timestamp(parsing: try id(try await call(.get, "sessions/\(session)", as: head, expect: 200), "started_at")))
        let (day, shift, month) = (calendar.plantDay(of: started), calendar.shift(at: started).rawValue, String(calendar.plantDay(of: started).prefix(7)))
        try await call(.put, "kpi/config", as: finance, ["bonus_100": "150000.00", "cap_pct": "120", "penalties": ["late": "50000"]], expect: 200)
        try await call(.get, "kpi/config", as: finance, expect: 200)
        try await call(.post, "payroll/import?file=attendance.csv", as: finance,
                       raw: "username,day,shift,workcenter_code,hours\nop.aziz,\(day),\(shift),E1,12\n", expect: 200)
        try await call(.post, "kpi/attendance", as: finance,
                       ["username": "op.dilshod", "day": .string(day), "shift": .string(shift), "workcenter": "E1", "hours": "7.5"], expect: 201)
        let kpi = try id(try await call(.post, "kpi/snapshot/generate", as: finance, ["period_start": .string(day), "period_end": .string(day)], expect: 201))
        try await call(.get, "kpi/snapshot?period=\(month)", as: head, expect: 200)
        // Each person's share is pay: finance reads it, the shop head reads the line's figures.
        let shifts = { (reply: Reply) in reply["shifts"]?.arrayItems.first?.objectFields ?? [:] }
        guard shifts(try await call(.get, "kpi/snapshot/\(kpi)", as: head, expect: 200))["crew"] == nil,
              shifts(try await call(.get, "kpi/snapshot/\(kpi)", as: finance, expect: 200))["crew"]?.arrayItems.count == 2 else {
            throw FactoryError.conflict("tour_pii", "a KPI share shown to the shop head, or not to finance")
        }
        try await call(.post, "kpi/snapshot/\(kpi)/approve", as: finance, ["comment": "checked against the shift report"], expect: 200)
        try await call(.get, "kpi/snapshot/\(kpi)/export?format=xlsx", as: finance, expect: 200)
        try await call(.post, "payroll/rates", as: finance, ["username": "op.aziz", "month": .string(month), "base_salary": "4500000", "avans": "1000000"],
                       expect: 200)
        try await call(.post, "payroll/penalties", as: finance, ["username": "op.aziz", "month": .string(month), "kind": "late"], expect: 201)
        let payroll = try id(try await call(.post, "payroll/snapshot/generate?month=\(month)", as: finance, ["include_avans": true], expect: 201))
        try await call(.get, "payroll/snapshot?month=\(month)", as: director, expect: 200)
        try await call(.post, "payroll/snapshot/\(payroll)/approve", as: finance, [:], expect: 200)
        try await call(.get, "payroll/snapshot/\(payroll)", as: director, expect: 200)
        try await call(.get, "payroll/snapshot/\(payroll)/export?format=csv", as: finance, expect: 200)
        let queued = try await call(.post, "payroll/export/bitrix?month=\(month)", as: finance, expect: 202)
        let queuedAgain = try await call(.post, "payroll/export/bitrix?month=\(month)", as: finance, expect: 202)
        // The approval queued the push already: asking for it is the same item.
        guard queued["queued_now"] == .bool(false), queuedAgain["queued_now"] == .bool(false), queuedAgain["queue_id"] == queued["queue_id"] else {
            throw FactoryError.conflict("tour_export_once", "\(queued.body.canonicalText) then \(queuedAgain.body.canonicalText)")
        }

        // Bitrix24 (M10): the queue, a retry now, pushes and a pull on demand, the mapping.
        let pending = try await call(.get, "integration/queue?status=pending", as: integrator, expect: 200)
        let entities = Set((pending["items"]?.arrayItems ?? []).compactMap { $0.objectFields["entity"]?.stringValue })
        guard entities.isSuperset(of: ["kpi", "payroll"]) else {
            throw FactoryError.conflict("tour_push_queued", "approvals should have queued kpi and payroll: \(pending.body.canonicalText)")
        }
        try await call(.post, "integration/queue/\(queued["queue_id"]?.stringValue ?? "")/retry", as: integrator, [:], expect: 200)
        let pushed = try await call(.post, "integration/push", as: finance, ["entity": "payroll", "period": .string(month)], expect: 202)
        guard pushed["items"]?.arrayItems.first?.objectFields["queue_id"] == queued["queue_id"] else {
            throw FactoryError.conflict("tour_push_once", "\(pushed.body.canonicalText)")
        }
        try await call(.post, "integration/push", as: integrator, ["entity": "kpi", "period": .string(month)], expect: 202)
        try await call(.post, "integration/pull", as: integrator, ["entity": "user"], expect: 202)
        let mapping = try await call(.get, "integration/mapping?entity=user", as: integrator, expect: 200)
        let employee = mapping["items"]?.arrayItems.first?.objectFields["id"]?.stringValue ?? ""
        try await call(.patch, "integration/mapping/\(employee)", as: integrator, ["username": "drabilka"], expect: 200)

        // The director takes the day's shift report as a PDF; the worker runs it.
        let report = try await call(.post, "reports", as: director,
                                    ["type": "qc_defect", "format": "pdf", "language": "ru", "filters": ["from": .string(day), "workcenter": "E1"]],
                                    expect: 202)
        let reportID = report["id"]?.stringValue ?? ""
        try await call(.get, "reports/\(reportID)/file", as: director, expect: 409)
        try runReports()
        try await call(.get, "reports/\(reportID)", as: director, expect: 200)
        try await call(.get, "reports/\(reportID)/file", as: director, expect: 200)
        try await call(.get, "reports", as: director, expect: 200)

        // The shipment's P3 alert: the shop head acknowledges it and the director closes it.
        let alerts = try await call(.get, "alerts?severity=P3&status=open", as: director, expect: 200)
        let alert = alerts["items"]?.arrayItems.first?.objectFields["id"]?.stringValue ?? ""
        try await call(.post, "alerts/\(alert)/ack", as: head, [:], expect: 200)
        try await call(.post, "alerts/\(alert)/close", as: director, [:], expect: 200)
        try await call(.post, "alerts/\(alert)/close", as: director, [:], expect: 409)

        // The audit trail with its signatures and the metrics.
        try await call(.get, "audit?object_type=session&object_id=\(session)", as: integrator, expect: 200)
        try await call(.get, "/metrics", expect: 200)
    }
}
