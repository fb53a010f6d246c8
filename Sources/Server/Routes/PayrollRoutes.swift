import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird

/// Spec §11, M11: salaries, advances and penalties per person and month; the month's payroll
/// (generate → approve; a correction is a new version), its exports, and its way to Bitrix24.
/// Pay is personal data: reading it needs `payroll.view_pii`, exporting it `payroll.export`.
struct PayrollRoutes {
    let api: FactoryAPI

    struct Generate: Decodable { let include_avans: Bool?; let reason: String? }
    struct Approve: Decodable { let comment: String? }
    struct Nothing: Decodable {}
    struct Rate: Decodable { let username: String; let month: String; let base_salary: DecimalInput<Money>; let avans: DecimalInput<Money>? }
    struct Penalty: Decodable { let username: String; let month: String; let kind: String; let count: Int64?; let note: String? }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let payroll = api.services.payroll
        group.post("payroll/snapshot/generate", needs: .payrollGenerate) { request, context in
            let body = try await request.decodeJSON(Generate.self, context: context, limit: 16 * 1024)
            let month = try request.month()
            let snapshot = try await api.write(as: context) { db, actor in
                try payroll.generate(db, by: actor, month: month, includeAdvance: body.include_avans ?? true, reason: body.reason)
            }
            return APIResponse(.created, snapshot.json)
        }
        group.post("payroll/snapshot/:id/approve", needs: .payrollApprove) { request, context in
            let body = try await request.decodeJSON(Approve.self, context: context, limit: 16 * 1024)
            let id: PayrollSnapshot.ID = try context.pathID("id", "payroll_snapshot")
            let snapshot = try await api.write(as: context) { db, actor in try payroll.approve(db, by: actor, id, comment: body.comment) }
            return APIResponse(.ok, snapshot.json)
        }
        group.get("payroll/snapshot", needs: .payrollViewPII) { request, context in
            let month = try request.month()
            let snapshots = try await api.read(as: context) { db, actor in try payroll.list(db, by: actor, month: month) }
            return APIResponse(.ok, ["items": .array(snapshots.map(\.json))])
        }
        group.get("payroll/snapshot/:id", needs: .payrollViewPII) { _, context in
            let id: PayrollSnapshot.ID = try context.pathID("id", "payroll_snapshot")
            let snapshot = try await api.read(as: context) { db, actor in try payroll.find(db, by: actor, id) }
            return APIResponse(.ok, snapshot.json)
        }
        group.get("payroll/snapshot/:id/export", needs: .payrollExport) { request, context in
            let id: PayrollSnapshot.ID = try context.pathID("id", "payroll_snapshot")
            let format = try request.exportFormat()
            let exports = api.services.exports
            let file = try await api.write(as: context) { db, actor in try exports.payroll(db, by: actor, id, format: format) }
            return file.response
        }
        group.post("payroll/export/bitrix", needs: .payrollExport) { request, context in
            // The body is optional and has nothing to say yet; a field in it is still refused by name.
            _ = try await request.decodeJSONIfAny(Nothing.self, context: context, limit: 16 * 1024)
            let month = try request.month()
            let queue = api.services.integrationQueue
            let (snapshot, item) = try await api.write(as: context) { db, actor in
                try payroll.queueBitrixExport(db, by: actor, month: month, queue: queue)
            }
            return APIResponse(.accepted, ["queue_id": .string(item.id), "status": .string(item.status.rawValue), "queued_now": .bool(item.queuedNow),
                                           "payload_hash": .string(item.payloadHash), "snapshot_id": .string(snapshot.id.text),
                                           "version": .int(snapshot.version)])
        }
        group.post("payroll/rates", needs: .payrollGenerate) { request, context in
            let body = try await request.decodeJSON(Rate.self, context: context, limit: 16 * 1024)
            let advance = body.avans?.value ?? .zero
            try await api.write(as: context) { db, actor in
                try payroll.setRate(db, by: actor, username: body.username, month: body.month, base: body.base_salary.value, advance: advance)
            }
            return APIResponse(.ok, ["username": .string(body.username), "month": .string(body.month),
                                     "base_salary": .string(body.base_salary.value.decimalText), "avans": .string(advance.decimalText)])
        }
        group.post("payroll/penalties", needs: .payrollGenerate) { request, context in
            let body = try await request.decodeJSON(Penalty.self, context: context, limit: 16 * 1024)
            try await api.write(as: context) { db, actor in
                try payroll.recordPenalty(db, by: actor, username: body.username, month: body.month, kind: body.kind, count: body.count ?? 1, note: body.note)
            }
            return APIResponse(.created, ["username": .string(body.username), "month": .string(body.month), "kind": .string(body.kind),
                                          "count": .int(body.count ?? 1)])
        }
        group.post("payroll/import", needs: .payrollGenerate) { request, context in
            // One CSV file per request, named by ?file= (kpi_config.csv, attendance.csv, …).
            guard let name = request.query("file") else {
                throw FactoryError.validation(field: "file", reason: "missing_field",
                                              "name the file: ?file= one of \(PayInputsImporter.fileNames.joined(separator: ", "))")
            }
            let buffer = try await request.body.collect(upTo: 4 * 1024 * 1024)
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                throw FactoryError.validation(field: "body", reason: "not_utf8", "the file is not UTF-8 text: save it as CSV UTF-8")
            }
            let importer = api.services.payInputs
            let report = try await api.write(as: context) { db, actor in
                do { return try importer.apply([(name, text)], db, by: actor) } catch let rejected as ImportRejected { throw rejected.asFactoryError }
            }
            return APIResponse(.ok, ["file": .string(name), "rows": .int(Int64(report.files[name] ?? 0))])
        }
    }
}

extension Request {
    /// `?month=2026-11`.
    func month() throws -> String {
        guard let month = query("month") else {
            throw FactoryError.validation(field: "month", reason: "missing_field", "name the month: ?month=2026-11")
        }
        return month
    }
}
