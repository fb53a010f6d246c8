import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird

/// Spec §11, M10: the Bitrix24 queue (read it, retry an item now), pulls and pushes on demand
/// (the worker of `factory serve` runs them), and the mapping of Bitrix24's records to ours with
/// the correction of a wrong match.
struct IntegrationRoutes {
    let api: FactoryAPI

    struct Relink: Decodable { let username: String }
    struct Pull: Decodable { let entity: String; let since: String? }
    struct Push: Decodable { let entity: String; let period: String }
    struct Nothing: Decodable {}

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let services = api.services
        group.get("integration/queue", needs: .integrationManage) { request, context in
            let status = try request.status(IntegrationStatus.self)
            let page = try request.page()
            let entries = try await api.read(as: context) { db, _ in try services.integrationQueue.list(db, status: status, page: page) }
            return APIResponse(.ok, ["items": .array(entries.map(\.json))])
        }
        group.post("integration/queue/:id/retry", needs: .integrationManage) { request, context in
            // The body is optional and has nothing to say yet; a field in it is still refused by name.
            _ = try await request.decodeJSONIfAny(Nothing.self, context: context, limit: 16 * 1024)
            let id = try context.pathID("id", "integration_queue", as: TypedID<IntegrationQueue.Item>.self).text
            let entry = try await api.write(as: context) { db, actor in try services.integrationQueue.retry(db, by: actor, id: id) }
            return APIResponse(.ok, entry.json)
        }
        group.post("integration/pull", needs: .integrationManage) { request, context in
            let body = try await request.decodeJSON(Pull.self, context: context, limit: 16 * 1024)
            let entity = try Self.entity(body.entity)
            let since = try body.since.map { text in
                guard let time = Timestamp(rfc3339: text) else {
                    throw FactoryError.validation(field: "since", reason: "bad_time", "since is a moment such as 2026-11-01T00:00:00+05:00")
                }
                return time
            }
            let item = try await api.write(as: context) { db, actor in
                try services.integrationQueue.requestPull(db, by: .user(actor), entity: entity, since: since)
            }
            return APIResponse(.accepted, item.json)
        }
        group.post("integration/push", needsOneOf: [.integrationManage, .payrollExport]) { request, context in
            let body = try await request.decodeJSON(Push.self, context: context, limit: 16 * 1024)
            let entity = try Self.entity(body.entity)
            let items = try await api.write(as: context) { db, actor in
                try services.integrationQueue.requestPush(db, by: actor, entity: entity, month: body.period, calendar: services.calendar)
            }
            return APIResponse(.accepted, ["items": .array(items.map(\.json))])
        }
        group.get("integration/mapping", needs: .integrationManage) { request, context in
            let entity = try request.query("entity").map(Self.entity)
            let page = try request.page()
            let entries = try await api.read(as: context) { db, _ in try services.integrationMapping.list(db, entity: entity, page: page) }
            return APIResponse(.ok, ["items": .array(entries.map(\.json))])
        }
        group.patch("integration/mapping/:id", needs: .integrationManage) { request, context in
            let body = try await request.decodeJSON(Relink.self, context: context, limit: 16 * 1024)
            let id = try context.pathID("id", "integration_mapping", as: TypedID<IntegrationMapping.Entry>.self).text
            let entry = try await api.write(as: context) { db, actor in
                try services.integrationMapping.relink(db, by: actor, id: id, username: body.username)
            }
            return APIResponse(.ok, entry.json)
        }
    }

    static func entity(_ text: String) throws -> IntegrationEntity {
        guard let entity = IntegrationEntity(rawValue: text) else {
            throw FactoryError.validation(field: "entity", reason: "bad_value",
                                          "entity is one of \(IntegrationEntity.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        }
        return entity
    }
}

extension IntegrationQueue.Item {
    var json: JSONValue {
        ["queue_id": .string(id), "entity": .string(entity.rawValue), "status": .string(status.rawValue), "queued_now": .bool(queuedNow),
         "payload_hash": .string(payloadHash)]
    }
}

extension IntegrationQueue.Entry {
    var json: JSONValue {
        ["id": .string(id), "direction": .string(direction.rawValue), "entity": .string(entity.rawValue), "status": .string(status.rawValue),
         "attempts": .int(attempts), "escalated": .bool(escalated), "last_error": JSONValue.from(lastError),
         "created_at": .string(createdAt.iso8601), "last_try_at": JSONValue.from(lastTryAt?.iso8601),
         "next_try_at": JSONValue.from(nextTryAt?.iso8601), "sent_at": JSONValue.from(sentAt?.iso8601),
         "payload_hash": .string(payloadHash), "result": result ?? nil]
    }
}

extension IntegrationMapping.Entry {
    var json: JSONValue {
        ["id": .string(id), "entity": .string(entity.rawValue), "external_id": .string(externalID), "internal_id": JSONValue.from(internalID),
         "internal_name": JSONValue.from(internalName), "meta": meta]
    }
}
