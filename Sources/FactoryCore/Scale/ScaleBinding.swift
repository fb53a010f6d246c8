/// A scale reading bound to what it weighed.
public struct BoundReading: Sendable, Equatable {
    public let eventID: String
    public let ingestedAt: Timestamp
    public let device: Device
    public let gross: Grams

    /// What was in the container: the reading minus the container's tare, which must be lighter.
    public func net(minus tare: Grams) throws -> Grams {
        guard gross > tare else {
            throw FactoryError.validation(field: "tare_kg", reason: "tare_exceeds_gross",
                                          "the tare \(tare) kg is not less than the weighed \(gross) kg")
        }
        return gross - tare
    }
}

/// RS binding (M15, spec §19.1): takes the reading `RSBinding` chooses and marks it bound to
/// one object, atomically, inside the caller's transaction.
public struct ScaleBinding: Sendable {
    public let audit: AuditLog
    public let settings: RSBinding.Settings

    public init(audit: AuditLog, settings: RSBinding.Settings) {
        self.audit = audit
        self.settings = settings
    }

    /// Checks the device may measure at all: active, of the expected type, calibration valid.
    public func checkCanWeigh(_ device: Device, expecting type: DeviceType = .scale, by source: AuditSource) throws {
        guard device.active else {
            throw FactoryError.conflict("device_inactive", "\(device.code) is switched off in the system", details: ["device": device.code])
        }
        guard device.type == type else {
            throw FactoryError.validation(field: "device_id", reason: type == .scale ? "not_a_scale" : "not_a_length_counter",
                                          "\(device.code) is not a \(type == .scale ? "scale" : "length counter")")
        }
        if Calibration.isExpired(dueAt: device.calibrationDueAt, at: audit.clock.now()) {
            throw GateRefusal(
                gate: .calibrationExpired, object: AuditObject("device", device.id), source: source,
                ref: ["device": .string(device.code), "calibration_due_at": JSONValue.from(device.calibrationDueAt?.iso8601)],
                error: .gate(.calibrationExpired, "scale \(device.code) is out of calibration (due \(device.calibrationDueAt?.iso8601 ?? "never recorded")); weighing is blocked",
                             details: ["device": device.code]))
        }
    }

    /// Binds the reading `RSBinding` chooses; for a length counter (`expecting: .lengthCounter`)
    /// the bound value is millimetres.
    public func bind(_ db: any SQLConnection, device: Device, expecting type: DeviceType = .scale, to object: AuditObject,
                     by source: AuditSource) throws -> BoundReading {
        try checkCanWeigh(device, expecting: type, by: source)
        let now = audit.clock.now()
        let (found, window) = try newestCandidate(db, device: device, now: now)
        guard var candidate = found else { throw noReading(device) }
        if let lastBound = window.first(where: \.bound) {
            // The last load bound is among the readings just read, and so is everything the scale
            // showed after it: the rule decides on them without asking the database again.
            switch RSBinding.choose(from: window, now: now, settings: settings) {
            case .success(let chosen): candidate = chosen
            case .failure: throw loadNotRemoved(device, lastBound)
            }
        } else if let lastRow = try db.queryOne("""
            SELECT \(Self.readingColumns) FROM scale_events WHERE device_id = ? AND bind_ref IS NOT NULL ORDER BY ts_ingested DESC LIMIT 1
            """, device.id) {
            let lastBound = try Self.reading(lastRow)
            if lastBound.ingestedAt <= candidate.ingestedAt,
               try !loadLeft(db, device: device, after: lastBound, until: candidate) {
                throw loadNotRemoved(device, lastBound)
            }
        }
        let reference: JSONValue = ["object_type": .string(object.type), "object_id": JSONValue.from(object.id)]
        let marked = try db.execute("""
            UPDATE scale_events SET bind_ref = ?, bound_at = ? WHERE id = ? AND ts_ingested = ? AND bind_ref IS NULL
            """, reference.canonicalText, now, candidate.id, candidate.ingestedAt)
        guard marked == 1 else {
            throw FactoryError.conflict("rs_already_bound", "that reading was just taken by another weighing; weigh again",
                                        details: ["device": device.code])
        }
        try audit.record(db, by: source, action: "scale_event.bound", object: AuditObject("scale_event", candidate.id),
                         new: ["device": .string(device.code), "gross_g": .int(candidate.gross.grams), "bound_to": reference])
        return BoundReading(eventID: candidate.id, ingestedAt: candidate.ingestedAt, device: device, gross: candidate.gross)
    }

    /// The window newest first, a page at a time, until `RSBinding.candidate` finds one: the
    /// reading that binds is nearly always among the newest, and a scale streaming at 25 Hz
    /// puts hundreds of readings into the window. Answers the candidate and every reading read.
    private func newestCandidate(_ db: any SQLConnection, device: Device,
                                 now: Timestamp) throws -> (RSBinding.Reading?, [RSBinding.Reading]) {
        let windowStart = now.adding(seconds: -settings.windowSeconds)
        let pageSize = 16
        var read: [RSBinding.Reading] = []
        while true {
            let page = try db.query("""
                SELECT \(Self.readingColumns) FROM scale_events WHERE device_id = ? AND ts_ingested >= ? AND ts_ingested <= ?
                ORDER BY ts_ingested DESC, id DESC LIMIT ? OFFSET ?
                """, device.id, windowStart, now, pageSize, read.count).map(Self.reading)
            read += page
            if let found = RSBinding.candidate(in: page, now: now, settings: settings) { return (found, read) }
            guard page.count == pageSize else { return (nil, read) }
        }
    }

    /// Pages forward from the last bound reading until one shows the load left.
    private func loadLeft(_ db: any SQLConnection, device: Device, after lastBound: RSBinding.Reading,
                          until candidate: RSBinding.Reading) throws -> Bool {
        var from = lastBound.ingestedAt
        while true {
            let page = try db.query("""
                SELECT \(Self.readingColumns) FROM scale_events WHERE device_id = ? AND ts_ingested > ? AND ts_ingested <= ?
                ORDER BY ts_ingested LIMIT 500
                """, device.id, from, candidate.ingestedAt).map(Self.reading)
            if page.contains(where: { RSBinding.showsLoadLeft($0, lastBound: lastBound, settings: settings) }) { return true }
            guard page.count == 500, let last = page.last else { return false }
            from = last.ingestedAt
        }
    }

    private func loadNotRemoved(_ device: Device, _ lastBound: RSBinding.Reading) -> FactoryError {
        FactoryError.conflict(
            RSBinding.Refusal.loadNotRemoved(lastBoundID: lastBound.id).reason,
            "the load weighed last on \(device.code) (\(lastBound.gross) kg) is still on the scale: take it off before the next weighing",
            details: ["device": device.code, "last_event_id": lastBound.id])
    }

    private func noReading(_ device: Device) -> FactoryError {
        FactoryError(.businessConflict, reason: "rs_not_found_in_window",
                     "no stable reading from \(device.code) in the last \(settings.windowSeconds) s: put the load on the scale and wait for it to settle",
                     details: ["reason": "rs_not_found_in_window", "device": device.code,
                               "window_sec": String(settings.windowSeconds)])
    }

    /// What `reading` reads: the rule needs no more, and a weighing reads a page of them.
    static let readingColumns = "id, gross_g, stable_bool, late_bool, bind_ref, ts_ingested"

    static func reading(_ row: Row) throws -> RSBinding.Reading {
        RSBinding.Reading(id: try row.string("id"), gross: try row.quantity("gross_g"), stable: try row.bool("stable_bool"),
                          late: try row.bool("late_bool"), bound: !row.isNull("bind_ref"), ingestedAt: try row.timestamp("ts_ingested"))
    }
}
