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
        try bind(db, [Weighing(device: device, type: type)], to: object, by: source)[0]
    }

    /// One device of a weighing and what it must be.
    public struct Weighing: Sendable {
        public let device: Device
        public let type: DeviceType

        public init(device: Device, type: DeviceType) {
            self.device = device
            self.type = type
        }
    }

    /// Binds a reading of each device to the same object (a roll's weight and its length), in
    /// the order given. The devices' reads go to the database together, and so do their marks:
    /// on PostgreSQL a station's two devices cost the exchanges of one.
    public func bind(_ db: any SQLConnection, _ weighings: [Weighing], to object: AuditObject,
                     by source: AuditSource) throws -> [BoundReading] {
        let marked = try mark(db, weighings, asked: nil, to: object, by: source)
        try marked.confirmed.get()
        return marked.readings
    }

    /// The first page of the window of each device named by `keys` (ids or codes, found as
    /// `Device.find` finds them), asked before the devices themselves are read: a packing
    /// station's weighing then travels to PostgreSQL with its session's facts and device rows.
    public struct AskedWindows {
        let now: Timestamp
        let keys: [String]
        let firstPages: [Later<[RSBinding.Reading]>]
    }

    public func askWindows(_ db: any SQLConnection, keys: [String]) throws -> AskedWindows {
        let now = audit.clock.now()
        let firstPages = try keys.map { try askWindowPage(db, device: Device.idExpression($0), now: now, skipping: 0) }
        return AskedWindows(now: now, keys: keys, firstPages: firstPages)
    }

    /// Readings chosen for a weighing, their marks sent and not yet answered.
    public struct Marked {
        public let readings: [BoundReading]
        /// Throws `rs_already_bound` when another weighing took a reading first; read it before
        /// the change ends, or a reading may count twice.
        public let confirmed: Later<Void>
    }

    /// `bind` with the windows asked ahead (`askWindows`, in the order of `weighings`) and the
    /// marks' answers left to `Marked.confirmed`, so that what the caller writes next (the
    /// package row) travels with the marks.
    public func mark(_ db: any SQLConnection, _ weighings: [Weighing], asked: AskedWindows?, to object: AuditObject,
                     by source: AuditSource) throws -> Marked {
        for weighing in weighings { try checkCanWeigh(weighing.device, expecting: weighing.type, by: source) }
        let now = asked?.now ?? audit.clock.now()
        let firstPages = try weighings.enumerated().map { index, weighing in
            if let asked, index < asked.keys.count, [weighing.device.code, weighing.device.id.text].contains(asked.keys[index]) {
                return asked.firstPages[index]
            }
            return try askWindowPage(db, device: ("?", [weighing.device.id]), now: now, skipping: 0)
        }
        // Each device is judged as if alone, and the first device's refusal is the one reported;
        // only the look further back for the last bound load, when the window lacks it, waits
        // until every device has been asked.
        enum Judgement {
            case chosen(RSBinding.Reading)
            case refused(any Error)
            case askedLastBound(RSBinding.Reading, Later<RSBinding.Reading?>)
        }
        let judgements: [Judgement] = try weighings.enumerated().map { index, weighing in
            let (found, window) = try newestCandidate(db, device: weighing.device, now: now, firstPage: firstPages[index].get())
            guard let candidate = found else { return .refused(noReading(weighing.device)) }
            guard let lastBound = window.first(where: \.bound) else {
                return .askedLastBound(candidate, try askLastBound(db, device: weighing.device))
            }
            // The last load bound is among the readings just read, and so is everything the scale
            // showed after it: the rule decides on them without asking the database again.
            switch RSBinding.choose(from: window, now: now, settings: settings) {
            case .success(let chosen): return .chosen(chosen)
            case .failure: return .refused(loadNotRemoved(weighing.device, lastBound))
            }
        }
        let candidates: [RSBinding.Reading] = try zip(weighings, judgements).map { weighing, judgement in
            switch judgement {
            case .chosen(let candidate):
                return candidate
            case .refused(let error):
                throw error
            case .askedLastBound(let candidate, let asked):
                if let lastBound = try asked.get(), lastBound.ingestedAt <= candidate.ingestedAt,
                   try !loadLeft(db, device: weighing.device, after: lastBound, until: candidate) {
                    throw loadNotRemoved(weighing.device, lastBound)
                }
                return candidate
            }
        }
        let reference: JSONValue = ["object_type": .string(object.type), "object_id": JSONValue.from(object.id)]
        let marks = try candidates.map { candidate in
            try db.send("""
                UPDATE scale_events SET bind_ref = ?, bound_at = ? WHERE id = ? AND ts_ingested = ? AND bind_ref IS NULL
                """, reference.canonicalText, now, candidate.id, candidate.ingestedAt)
        }
        // The audit rows wait in memory for the commit, and go with the change if it fails.
        for (weighing, candidate) in zip(weighings, candidates) {
            try audit.record(db, by: source, action: "scale_event.bound", object: AuditObject("scale_event", candidate.id),
                             new: ["device": .string(weighing.device.code), "gross_g": .int(candidate.gross.grams), "bound_to": reference])
        }
        let readings = zip(weighings, candidates).map { weighing, candidate in
            BoundReading(eventID: candidate.id, ingestedAt: candidate.ingestedAt, device: weighing.device, gross: candidate.gross)
        }
        return Marked(readings: readings, confirmed: Later {
            for (weighing, mark) in zip(weighings, marks) where try mark.changes() != 1 {
                throw FactoryError.conflict("rs_already_bound", "that reading was just taken by another weighing; weigh again",
                                            details: ["device": weighing.device.code])
            }
        })
    }

    private static let windowPageSize = 16

    /// A page of the window, newest first; `device` is SQL for the device's id and its parameters.
    private func askWindowPage(_ db: any SQLConnection, device: (sql: String, parameters: [any SQLBindable]), now: Timestamp,
                               skipping: Int) throws -> Later<[RSBinding.Reading]> {
        try db.send("""
            SELECT \(Self.readingColumns) FROM scale_events WHERE device_id = \(device.sql) AND ts_ingested >= ? AND ts_ingested <= ?
            ORDER BY ts_ingested DESC, id DESC LIMIT ? OFFSET ?
            """, device.parameters + [now.adding(seconds: -settings.windowSeconds), now, Self.windowPageSize, skipping])
            .map { try $0.map(Self.reading) }
    }

    /// The device's newest bound reading, wherever it is.
    private func askLastBound(_ db: any SQLConnection, device: Device) throws -> Later<RSBinding.Reading?> {
        try db.send("""
            SELECT \(Self.readingColumns) FROM scale_events WHERE device_id = ? AND bind_ref IS NOT NULL ORDER BY ts_ingested DESC LIMIT 1
            """, device.id).map { try $0.first.map(Self.reading) }
    }

    /// The window newest first, a page at a time, until `RSBinding.candidate` finds one: the
    /// reading that binds is nearly always among the newest, and a scale streaming at 25 Hz
    /// puts hundreds of readings into the window. Answers the candidate and every reading read.
    private func newestCandidate(_ db: any SQLConnection, device: Device, now: Timestamp,
                                 firstPage: [RSBinding.Reading]) throws -> (RSBinding.Reading?, [RSBinding.Reading]) {
        var page = firstPage
        var read: [RSBinding.Reading] = []
        while true {
            read += page
            if let found = RSBinding.candidate(in: page, now: now, settings: settings) { return (found, read) }
            guard page.count == Self.windowPageSize else { return (nil, read) }
            page = try askWindowPage(db, device: ("?", [device.id]), now: now, skipping: read.count).get()
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
