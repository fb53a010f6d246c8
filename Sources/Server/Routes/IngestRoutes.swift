import Crypto
import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird

/// Spec §11.2 for machines: signed scale events and heartbeats. A device proves itself with
/// its own secret (never a user's token); unknown, inactive or badly signed → 401.
struct IngestRoutes {
    let api: FactoryAPI

    func addDeviceRoutes(to group: RouterGroup<FactoryRequestContext>) {
        group.post("ingest/scale-events") { request, context in
            let (device, body) = try await authenticate(request, context: context)
            let payload = try JSONInput.decode(IngestPayload.self, from: Data(body))
            guard !payload.readings.isEmpty, payload.readings.count <= api.settings.ingestMaxEvents else {
                throw FactoryError.validation(field: "events", reason: "batch_size",
                                              "a batch holds 1 to \(api.settings.ingestMaxEvents) events")
            }
            let scaleEvents = api.services.scaleEvents
            let readings = payload.readings
            let counts: ScaleEvents.Counts
            if api.ingestMarks.mayBeStored(device: device.code, readings),
               try await api.readStatement({ try scaleEvents.allStored($0, device: device, readings) }) {
                // A re-send of what is stored: nothing to write.
                counts = ScaleEvents.Counts(duplicates: readings.count)
            } else {
                // Readings are checked before they reach the lane, so storing them all but never fails.
                counts = try await api.write(unguarded: true, sending: { try scaleEvents.send($0, device: device, readings) })
                api.ingestMarks.stored(device: device.code, readings)
            }
            api.metrics.ingestEvents(device: device.code, status: "accepted", count: counts.accepted - counts.late)
            api.metrics.ingestEvents(device: device.code, status: "late", count: counts.late)
            api.metrics.ingestEvents(device: device.code, status: "duplicate", count: counts.duplicates)
            return APIResponse(.created, ["accepted": .int(Int64(counts.accepted)), "duplicates": .int(Int64(counts.duplicates)),
                                          "late": .int(Int64(counts.late))])
        }
        group.post("devices/:id/heartbeat") { request, context in
            let (device, _) = try await authenticate(request, context: context)
            let named = try context.path("id")
            guard device.code == named || device.id.text == named else {
                throw FactoryError(.unauthorized, reason: "bad_signature", "a device sends only its own heartbeat")
            }
            let devices = api.devices
            try await api.write { try devices.heartbeat($0, device: device) }
            return APIResponse(.ok, ["device": .string(device.code), "server_time": .string(api.services.clock.now().description)])
        }
    }

    /// Headers, allowlist, signature, send time, rate: in that order, so an unsigned flood
    /// costs one indexed lookup and one HMAC each.
    private func authenticate(_ request: Request, context: FactoryRequestContext) async throws -> (Device, [UInt8]) {
        guard let code = request.headers[.deviceID], let signature = request.headers[.signature],
              let timestamp = request.headers[.signedAt] else {
            throw FactoryError(.unauthorized, reason: "unsigned_request", "a device request needs X-Device-Id, X-Timestamp and X-Signature")
        }
        let body: [UInt8]
        do {
            body = Array(try await request.body.collect(upTo: api.settings.ingestMaxBodyBytes).readableBytesView)
        } catch {
            throw FactoryError(.payloadTooLarge, reason: "payload_too_large", "an ingest body is at most \(api.settings.ingestMaxBodyBytes) bytes")
        }
        let unknown = FactoryError(.unauthorized, reason: "unknown_device", "unknown or inactive device, or no ingest secret issued")
        let keys = api.deviceKeys
        var entry = keys.cached(code)
        if entry == nil { entry = try await keys.load(code, api: api) }
        guard var found = entry else { throw unknown }
        guard IPAllowlist.allows(context.remoteAddress, found.device.ipAllowlist) else {
            throw FactoryError(.forbidden, reason: "ip_not_allowed", "\(found.device.code) may not send from this address")
        }
        let now = api.services.clock.now(), skew = api.settings.ingestClockSkewSeconds
        do {
            try DeviceSignature.verify(body: body, timestamp: timestamp, signature: signature, key: found.key, now: now, allowedSkewSeconds: skew)
        } catch let error as FactoryError where error.reason == "bad_signature" {
            // The secret may have been re-issued since it was cached: look once more.
            guard let fresh = try await keys.load(code, api: api) else { throw unknown }
            found = fresh
            try DeviceSignature.verify(body: body, timestamp: timestamp, signature: signature, key: found.key, now: now, allowedSkewSeconds: skew)
        }
        let device = found.device
        context.caller.set(device.code)
        try api.ingestLimiter.take("device:\(device.code)")
        return (device, body)
    }
}
