import FactoryCore
import Foundation
import Hummingbird

/// Spec §11, M14: the alerts the monitor raised, newest first, and a person's acknowledgement
/// and closing of one.
struct AlertRoutes {
    let api: FactoryAPI

    struct Nothing: Decodable {}

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let alerts = api.services.alerts
        group.get("alerts", needs: .dashboardView) { request, context in
            let severity = try request.query("severity").map { try AlertSeverity(parsing: $0, field: "severity") }
            let status = try request.query("status").map { try AlertStatus(parsing: $0, field: "status") }
            let page = try request.page()
            let found = try await api.read(as: context) { db, actor in try alerts.list(db, by: actor, severity: severity, status: status, page: page) }
            return APIResponse(.ok, ["items": .array(found.map(\.json))])
        }
        group.post("alerts/:id/ack", needs: .alertManage) { request, context in
            _ = try await request.decodeJSONIfAny(Nothing.self, context: context, limit: 16 * 1024)
            let id: AlertService.ID = try context.pathID("id", "alert")
            let alert = try await api.write(as: context) { db, actor in try alerts.acknowledge(db, by: actor, id) }
            return APIResponse(.ok, alert.json)
        }
        group.post("alerts/:id/close", needs: .alertManage) { request, context in
            _ = try await request.decodeJSONIfAny(Nothing.self, context: context, limit: 16 * 1024)
            let id: AlertService.ID = try context.pathID("id", "alert")
            let alert = try await api.write(as: context) { db, actor in try alerts.close(db, by: actor, id) }
            return APIResponse(.ok, alert.json)
        }
    }
}

extension AlertService.Alert {
    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id.text), "rule": .string(rule), "severity": .string(severity.rawValue), "object": .string(object),
            "status": .string(status.rawValue), "raised_at": .string(raisedAt.iso8601),
        ]
        fields["value_milli"] = valueMilli.map(JSONValue.int) ?? .null
        fields["threshold_milli"] = thresholdMilli.map(JSONValue.int) ?? .null
        fields["updated_at"] = updatedAt.map { .string($0.iso8601) } ?? .null
        fields["acked_at"] = ackedAt.map { .string($0.iso8601) } ?? .null
        fields["acked_by"] = ackedBy.map { .string($0.text) } ?? .null
        fields["closed_at"] = closedAt.map { .string($0.iso8601) } ?? .null
        fields["closed_by"] = closedBy.map { .string($0.text) } ?? .null
        fields["routed_to"] = .array(routedTo.map(JSONValue.string))
        return .object(fields)
    }
}
