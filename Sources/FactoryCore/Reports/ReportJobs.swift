import Foundation

/// Report jobs (`report_jobs`, DECISIONS A): asked for by a person, run by the report worker
/// beside the API, `queued → running → done | failed`. The queue lives in the database, so a
/// job survives a restart: one found running at startup was cut short and is queued again.
/// Files expire after `EXPORT_RETENTION_DAYS`.
public struct ReportJobs: Sendable {
    public typealias ID = TypedID<Job>

    public struct Job: Sendable, Equatable {
        public let id: ID
        public let request: ReportRequest
        public let status: ReportJobStatus
        /// The file's name in the report directory; nil until done, and again once expired.
        public let fileRef: String?
        /// The name a reader saves it under (`qc_defect-2026-11-01-2026-11-30.xlsx`).
        public let fileName: String?
        public let rows: Int?
        public let bytes: Int?
        public let notes: [String]
        public let error: String?
        public let createdBy: User.ID
        public let createdAt: Timestamp
        public let startedAt: Timestamp?
        public let finishedAt: Timestamp?
        public let expiresAt: Timestamp?

        public var expired: Bool { status == .done && fileRef == nil }
    }

    let audit: AuditLog
    let calendar: PlantCalendar
    let retentionDays: Int

    public init(audit: AuditLog, calendar: PlantCalendar, retentionDays: Int) {
        (self.audit, self.calendar, self.retentionDays) = (audit, calendar, retentionDays)
    }

    /// Checks the request (the filters must make a period, the line must exist) and queues it.
    public func submit(_ db: any SQLConnection, by actor: Actor, _ request: ReportRequest) throws -> Job {
        try PermissionMatrix.require(actor, .reportRun)
        if request.workcenter != nil, !ReportCatalog.kind(of: request.type).byLine {
            throw FactoryError.validation(field: "filters.workcenter", reason: "filter_not_supported",
                                          "the \(request.type.rawValue) report covers the whole plant and takes no workcenter")
        }
        _ = try request.scope(db, calendar: calendar)
        let id = ID()
        let now = audit.clock.now()
        try db.execute("""
            INSERT INTO report_jobs (id, type, filters_json, format, language, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)
            """, id, request.type, request.filters.canonicalText, request.format, request.language.rawValue, actor.userID, now)
        try audit.record(db, by: .user(actor), action: "report.requested", object: AuditObject("report_job", id.text),
                         new: ["type": .string(request.type.rawValue), "format": .string(request.format.rawValue), "filters": request.filters])
        return try load(db, id)
    }

    public func find(_ db: any SQLConnection, by actor: Actor, _ id: ID) throws -> Job {
        try PermissionMatrix.require(actor, .reportRun)
        return try load(db, id)
    }

    /// The newest jobs first, for a console's list.
    public func recent(_ db: any SQLConnection, by actor: Actor, page: Page) throws -> [Job] {
        try PermissionMatrix.require(actor, .reportRun)
        return try db.query("SELECT * FROM report_jobs ORDER BY created_at DESC, id LIMIT ? OFFSET ?", Int64(page.size), Int64(page.offset))
            .map(Job.init(row:))
    }

    /// Takes the oldest queued job for this worker; nil when none waits. The guarded UPDATE
    /// lets two servers on one database never run the same job.
    public func claim(_ db: any SQLConnection) throws -> Job? {
        while let row = try db.queryOne("SELECT id FROM report_jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1") {
            let id = try row.id("id", as: Job.self)
            if try db.execute("UPDATE report_jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'",
                              audit.clock.now(), id) == 1 {
                return try load(db, id)
            }
        }
        return nil
    }

    /// After a restart: jobs left running were cut short, and run again from the start.
    @discardableResult
    public func requeueInterrupted(_ db: any SQLConnection) throws -> Int {
        try db.execute("UPDATE report_jobs SET status = 'queued', started_at = NULL WHERE status = 'running'")
    }

    func finish(_ db: any SQLConnection, _ id: ID, file: String, name: String, rows: Int, bytes: Int, notes: [String], watermark: String) throws {
        let now = audit.clock.now()
        try db.execute("""
            UPDATE report_jobs SET status = 'done', file_ref = ?, file_name = ?, rows_written = ?, bytes = ?, notes_json = ?, finished_at = ?,
              expires_at = ? WHERE id = ?
            """, file, name, Int64(rows), Int64(bytes), JSONValue.array(notes.map(JSONValue.string)).canonicalText, now,
            now.adding(seconds: Int64(retentionDays) * 86_400), id)
        let job = try load(db, id)
        // The export is the person's who asked; the worker only ran it.
        try audit.record(db, by: .service("reports"), action: "export.created", object: AuditObject("report_job", id.text),
                         new: ["requested_by": .string(job.createdBy.text), "type": .string(job.request.type.rawValue),
                               "format": .string(job.request.format.rawValue), "rows": .int(Int64(rows)), "bytes": .int(Int64(bytes)),
                               "watermark": .string(watermark)])
    }

    func fail(_ db: any SQLConnection, _ id: ID, error: String) throws {
        try db.execute("UPDATE report_jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", error, audit.clock.now(), id)
        try audit.record(db, by: .service("reports"), action: "report.failed", object: AuditObject("report_job", id.text),
                         new: ["error": .string(error)])
    }

    /// Done jobs whose files are past their retention, with the files to delete.
    func expired(_ db: any SQLConnection) throws -> [(id: ID, file: String)] {
        try db.query("SELECT id, file_ref FROM report_jobs WHERE status = 'done' AND file_ref IS NOT NULL AND expires_at <= ?", audit.clock.now())
            .map { (try $0.id("id"), try $0.string("file_ref")) }
    }

    func forget(_ db: any SQLConnection, _ id: ID) throws {
        try db.execute("UPDATE report_jobs SET file_ref = NULL WHERE id = ?", id)
        try audit.record(db, by: .service("reports"), action: "export.expired", object: AuditObject("report_job", id.text))
    }

    func load(_ db: any SQLConnection, _ id: ID) throws -> Job {
        guard let row = try db.queryOne("SELECT * FROM report_jobs WHERE id = ?", id) else { throw FactoryError.notFound("report", id.text) }
        return try Job(row: row)
    }
}

extension ReportJobs.Job {
    init(row: Row) throws {
        let type = try row.word("type", as: ReportType.self)
        let format = try row.word("format", as: ReportFormat.self)
        let language = Locales.Language(rawValue: try row.string("language")) ?? .uz
        let notes = try row.optionalString("notes_json").map { try JSONValue.parse($0).arrayItems.compactMap(\.stringValue) } ?? []
        self.init(id: try row.id("id"), request: try ReportRequest(type: type, format: format, filters: try JSONValue.parse(try row.string("filters_json")),
                                                                    language: language),
                  status: try row.word("status"), fileRef: row.optionalString("file_ref"), fileName: row.optionalString("file_name"),
                  rows: try row.optionalInt("rows_written").map(Int.init), bytes: try row.optionalInt("bytes").map(Int.init), notes: notes,
                  error: row.optionalString("error"), createdBy: try row.id("created_by"), createdAt: try row.timestamp("created_at"),
                  startedAt: try row.optionalTimestamp("started_at"), finishedAt: try row.optionalTimestamp("finished_at"),
                  expiresAt: try row.optionalTimestamp("expires_at"))
    }
}
