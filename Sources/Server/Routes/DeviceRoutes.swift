import FactoryCore
import HTTPTypes
import Hummingbird

/// Spec §11.2 for people: the device list, their health, calibration records, and the stored
/// readings of one device.
struct DeviceRoutes {
    let api: FactoryAPI

    struct CalibrationBody: Decodable {
        let performed_at: String
        let valid_until: String
        let certificate_no: String?
    }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let devices = api.devices
        group.get("devices", needs: .dashboardView) { request, context in
            let (workcenter, type) = (request.query("workcenter_id"), try request.query("type").map { try DeviceType(parsing: $0, field: "type") })
            let list = try await api.read(as: context) { db, actor in try devices.list(db, by: actor, workcenter: workcenter, type: type) }
            return APIResponse(.ok, ["items": .array(list.map(\.json))])
        }
        group.get("devices/health", needs: .dashboardView) { request, context in
            let (workcenter, type) = (request.query("workcenter_id"), try request.query("type").map { try DeviceType(parsing: $0, field: "type") })
            let health = try await api.read(as: context) { db, actor in try devices.health(db, by: actor, workcenter: workcenter, type: type) }
            return APIResponse(.ok, ["items": .array(health.map { h in
                var fields = h.device.json.objectFields
                fields["last_heartbeat_at"] = JSONValue.from(h.lastHeartbeatAt?.description)
                fields["last_event_at"] = JSONValue.from(h.lastEventAt?.description)
                fields["calibration_expired"] = .bool(h.calibrationExpired)
                fields["online"] = .bool(h.online)
                return .object(fields)
            })])
        }
        group.patch("devices/:id/calibration", needs: .calibrationRecord) { request, context in
            let body = try await request.decodeJSON(CalibrationBody.self, context: context, limit: 16 * 1024)
            let record = DeviceService.CalibrationRecord(performedAt: try Self.time(body.performed_at, "performed_at"),
                                                         validUntil: try Self.time(body.valid_until, "valid_until"),
                                                         certificateNo: body.certificate_no)
            let key = try context.path("id")
            let device = try await api.write(as: context) { db, actor in try devices.recordCalibration(db, by: actor, device: key, record) }
            return APIResponse(.ok, device.json)
        }
        group.get("ingest/scale-events", needs: .dashboardView) { request, context in
            guard let key = request.query("device_id") else {
                throw FactoryError.validation(field: "device_id", reason: "missing_field", "name the device: ?device_id=scale-E1-pack-01")
            }
            let (from, to, page) = (try request.queryTimestamp("from"), try request.queryTimestamp("to"), try request.page())
            let readings = try await api.read(as: context) { db, actor in
                try devices.readings(db, by: actor, device: key, from: from, to: to, page: page)
            }
            return APIResponse.page(readings.map(\.json), page)
        }
    }

    static func time(_ text: String, _ field: String) throws -> Timestamp {
        guard let time = Timestamp(parsing: text) else {
            throw FactoryError.validation(field: field, reason: "bad_time", "\(field) is an ISO-8601 time such as 2026-11-25T08:00:00Z")
        }
        return time
    }
}
