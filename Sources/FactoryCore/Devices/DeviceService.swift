/// The devices as the integrator looks after them (spec §6.1, §11.2): the list, their health,
/// the gateway's heartbeat, and calibration records that lift the calibration gate.
public struct DeviceService: Sendable {
    public let audit: AuditLog
    /// A device that has not been heard from for this long is reported offline.
    public let offlineAfterSeconds: Int64

    public init(audit: AuditLog, offlineAfterSeconds: Int64 = 120) {
        self.audit = audit
        self.offlineAfterSeconds = offlineAfterSeconds
    }

    public struct Health: Sendable, Equatable {
        public let device: Device
        public let lastHeartbeatAt: Timestamp?
        public let lastEventAt: Timestamp?
        public let calibrationExpired: Bool
        public let online: Bool
    }

    /// The devices, optionally of one line (its code or id) and of one type.
    public func list(_ db: any SQLConnection, by actor: Actor, workcenter: String? = nil, type: DeviceType? = nil) throws -> [Device] {
        try PermissionMatrix.require(actor, .dashboardView)
        let line = try workcenter.map { try WorkcenterKey.resolve(db, $0).id }
        return try Device.all(db).filter { device in
            (line == nil || device.workcenterID == line) && (type == nil || device.type == type)
        }
    }

    public func health(_ db: any SQLConnection, by actor: Actor, workcenter: String? = nil, type: DeviceType? = nil) throws -> [Health] {
        let now = audit.clock.now()
        return try list(db, by: actor, workcenter: workcenter, type: type).map { device in
            let heartbeat = try db.queryOne("SELECT last_heartbeat_at FROM devices WHERE id = ?", device.id)?.optionalTimestamp("last_heartbeat_at")
            let event = try db.queryOne("""
                SELECT ts_ingested FROM scale_events WHERE device_id = ? ORDER BY ts_ingested DESC LIMIT 1
                """, device.id)?.optionalTimestamp("ts_ingested")
            let heard = [heartbeat, event].compactMap { $0 }.max()
            return Health(device: device, lastHeartbeatAt: heartbeat, lastEventAt: event,
                          calibrationExpired: Calibration.isExpired(dueAt: device.calibrationDueAt, at: now),
                          online: heard.map { now.seconds(since: $0) <= Double(offlineAfterSeconds) } ?? false)
        }
    }

    /// The gateway says it is alive; authenticated by the device's own signature, not a user.
    public func heartbeat(_ db: any SQLConnection, device: Device) throws {
        try db.execute("UPDATE devices SET last_heartbeat_at = ? WHERE id = ?", audit.clock.now(), device.id)
    }

    public struct CalibrationRecord: Sendable {
        public let performedAt: Timestamp
        public let validUntil: Timestamp
        public let certificateNo: String?

        public init(performedAt: Timestamp, validUntil: Timestamp, certificateNo: String?) {
            self.performedAt = performedAt
            self.validUntil = validUntil
            self.certificateNo = certificateNo
        }
    }

    /// Records a calibration and moves the device's due date; audited with the certificate.
    public func recordCalibration(_ db: any SQLConnection, by actor: Actor, device key: String, _ record: CalibrationRecord) throws -> Device {
        try PermissionMatrix.require(actor, .calibrationRecord)
        let device = try Device.find(db, key)
        guard record.validUntil > record.performedAt else {
            throw FactoryError.validation(field: "valid_until", reason: "out_of_range", "a calibration is valid until after it was performed")
        }
        guard record.performedAt <= audit.clock.now() else {
            throw FactoryError.validation(field: "performed_at", reason: "in_the_future", "a calibration cannot be recorded before it is performed")
        }
        try db.execute("""
            INSERT INTO calibration (id, device_id, performed_at, valid_until, certificate_no, by_whom) VALUES (?, ?, ?, ?, ?, ?)
            """, TypedID<DeviceService>(), device.id, record.performedAt, record.validUntil, record.certificateNo, actor.userID)
        try db.execute("UPDATE devices SET calibration_due_at = ? WHERE id = ?", record.validUntil, device.id)
        try audit.record(db, by: .user(actor), action: "device.calibrated", object: AuditObject("device", device.id),
                         old: ["calibration_due_at": JSONValue.from(device.calibrationDueAt?.description)],
                         new: ["calibration_due_at": .string(record.validUntil.description),
                               "certificate_no": JSONValue.from(record.certificateNo)])
        return try Device.find(db, device.id.text)
    }

    /// The readings of one device in a time range, newest first (GET /ingest/scale-events).
    public func readings(_ db: any SQLConnection, by actor: Actor, device key: String, from: Timestamp?, to: Timestamp?,
                         page: Page) throws -> [StoredReading] {
        try PermissionMatrix.require(actor, .dashboardView)
        let device = try Device.find(db, key)
        var sql = "SELECT * FROM scale_events WHERE device_id = ?"
        var parameters: [any SQLBindable] = [device.id]
        if let from { sql += " AND ts_ingested >= ?"; parameters.append(from) }
        if let to { sql += " AND ts_ingested < ?"; parameters.append(to) }
        sql += " ORDER BY ts_ingested DESC, id DESC LIMIT ? OFFSET ?"
        parameters += [Int64(page.size), Int64(page.offset)]
        return try db.query(sql, parameters).map(StoredReading.init(row:))
    }
}

/// A reading as stored, for lists and drill-downs.
public struct StoredReading: Sendable, Equatable {
    public let id: String
    public let bootID: Int64
    public let seq: Int64
    public let deviceTime: Timestamp?
    public let ingestedAt: Timestamp
    public let gross: Grams
    public let stable: Bool
    public let late: Bool
    public let bound: Bool

    init(row: Row) throws {
        id = try row.string("id")
        bootID = try row.int("boot_id")
        seq = try row.int("seq")
        deviceTime = try row.optionalTimestamp("ts_device")
        ingestedAt = try row.timestamp("ts_ingested")
        gross = try row.quantity("gross_g")
        stable = try row.bool("stable_bool")
        late = try row.bool("late_bool")
        bound = !row.isNull("bind_ref")
    }
}

/// Paging of every list (spec §6.0): page from 1, page_size 1…200, default 50.
public struct Page: Sendable, Equatable {
    public let number: Int
    public let size: Int
    public var offset: Int { (number - 1) * size }

    public init(number: Int = 1, size: Int = 50) throws {
        guard number >= 1, number <= 1_000_000 else {
            throw FactoryError.validation(field: "page", reason: "out_of_range", "page starts at 1")
        }
        guard (1...200).contains(size) else {
            throw FactoryError.validation(field: "page_size", reason: "out_of_range", "page_size is from 1 to 200")
        }
        self.number = number
        self.size = size
    }
}
