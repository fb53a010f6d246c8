import Foundation

/// Runs report jobs: the imperative side of the reports. A job is read in one read-only
/// snapshot (on SQLite a reader connection, on PostgreSQL a pooled one), so writers never
/// wait for it; its rows stream into the writer and on into a `.part` file that is renamed
/// when whole, so a reader never fetches half a report.
public struct ReportRunner: Sendable {
    public let services: FactoryServices
    /// Where the files are kept (`REPORT_DIR`).
    public let directory: URL
    public let words: Locales

    public init(services: FactoryServices, directory: URL, words: Locales) {
        (self.services, self.directory, self.words) = (services, directory, words)
    }

    /// Claims the oldest queued job and runs it; nil when none waited.
    public func runNext(progress: @escaping (Int) -> Void = { _ in }) throws -> ReportJobs.Job? {
        guard let job = try services.database.write({ try services.reports.claim($0) }) else { return nil }
        return try run(job, progress: progress)
    }

    /// Asks for a report in `actor`'s name and runs it here and now, as the worker would: the
    /// way of a console and of `factory report`. Answers the finished job, or the queued one
    /// when older jobs were waiting (the server's worker takes them in order); a failed run is
    /// `report_failed` with its reason.
    public func takeNow(by actor: Actor, _ request: ReportRequest, progress: @escaping (Int) -> Void = { _ in }) throws -> ReportJobs.Job {
        let queued = try services.perform { try services.reports.submit($0, by: actor, request) }
        // Claimed as the worker would, so a server sharing the database leaves it alone.
        guard let claimed = try services.database.write({ try services.reports.claim($0) }) else { return queued }
        guard claimed.id == queued.id else {
            // An older job came first: it is run now, in its turn, and this one waits for the worker.
            _ = try run(claimed, progress: progress)
            return queued
        }
        let job = try run(claimed, progress: progress)
        guard job.status == .done else {
            throw FactoryError.unavailable("report_failed", "the report failed: \(job.error ?? "no reason given")")
        }
        return job
    }

    /// Runs a claimed job to `done` or `failed` and answers it as it ends.
    public func run(_ job: ReportJobs.Job, progress: @escaping (Int) -> Void = { _ in }) throws -> ReportJobs.Job {
        let request = job.request
        let file = "\(job.id.text).\(request.format.rawValue)"
        let partial = directory.appendingPathComponent(".\(file).part")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let language = words.speaking(request.language)
            let (heading, outcome) = try services.database.snapshot { db in
                let scope = try request.scope(db, calendar: services.calendar)
                let heading = try self.heading(db, job, scope, language)
                let writer = try request.format.writer(path: partial.path, heading: heading)
                let sheet = ReportSheet(writer: writer, words: language, maximumRows: services.configuration.reportMaxRows, progress: progress)
                let context = ReportContext(calendar: services.calendar, words: language, now: services.clock.now(), balance: services.balance,
                                            silentSeconds: services.configuration.alertThresholds.silentSeconds)
                do {
                    try ReportCatalog.kind(of: request.type).write(db, scope, context, into: sheet)
                } catch let full as ReportSheet.Full {
                    sheet.note(language.text(full.byFormat ? "report.note.format_limit" : "report.note.row_limit", filling: ["rows": "\(sheet.rows)"]))
                }
                try writer.finish(notes: sheet.notes)
                return (heading, (rows: sheet.rows, notes: sheet.notes))
            }
            let final = directory.appendingPathComponent(file)
            _ = try? FileManager.default.removeItem(at: final)
            try FileManager.default.moveItem(at: partial, to: final)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: final.path)[.size] as? Int) ?? 0
            let name = "\(request.type.rawValue)-\(Self.period(request)).\(request.format.rawValue)"
            return try services.database.write { db in
                try services.reports.finish(db, job.id, file: file, name: name, rows: outcome.rows, bytes: bytes, notes: outcome.notes,
                                            watermark: heading.watermark)
                return try services.reports.load(db, job.id)
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            let message = (error as? FactoryError)?.message ?? "\(error)"
            return try services.database.write { db in
                try services.reports.fail(db, job.id, error: message)
                return try services.reports.load(db, job.id)
            }
        }
    }

    /// Deletes the files past their retention; answers how many.
    @discardableResult
    public func pruneExpired() throws -> Int {
        let expired = try services.database.read { try services.reports.expired($0) }
        for job in expired {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(job.file))
            try services.database.write { try services.reports.forget($0, job.id) }
        }
        return expired.count
    }

    /// The path of a done job's file.
    public func file(of job: ReportJobs.Job) -> URL? {
        job.fileRef.map { directory.appendingPathComponent($0) }
    }

    private func heading(_ db: any SQLConnection, _ job: ReportJobs.Job, _ scope: ReportScope, _ words: Locales) throws -> ReportHeading {
        let person = try services.users.find(db, id: job.createdBy)
        let title = words.text("report.title.\(job.request.type.rawValue)")
        var period = scope.days.first == scope.days.last ? scope.days.first : "\(scope.days.first) – \(scope.days.last)"
        if let shift = scope.shift { period += " · " + words.text("report.shift.\(shift.rawValue)") }
        if let line = scope.workcenterCode { period += " · \(line)" }
        let watermark = words.text("report.watermark", filling: [
            "plant": "ISOCOM", "title": title, "period": period, "user": person.username, "name": person.fullName,
            "time": "\(services.calendar.day(of: services.clock.now())) \(services.calendar.clockTime(of: services.clock.now()))",
        ])
        return ReportHeading(plant: "ISOCOM", title: title, period: period, watermark: watermark, pageOf: words.text("report.page_of"))
    }

    private static func period(_ request: ReportRequest) -> String {
        if request.type == .shift { return "\(request.day ?? "")-\(request.shift?.rawValue ?? "")" }
        let from = request.from ?? "", to = request.to ?? request.from ?? ""
        return from == to ? from : "\(from)-\(to)"
    }
}

extension ReportFormat {
    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pdf: "application/pdf"
        }
    }

    func writer(path: String, heading: ReportHeading) throws -> any ReportWriter {
        switch self {
        case .csv: try CSVReportWriter(path: path, heading: heading)
        case .xlsx: try XLSXReportWriter(path: path, heading: heading)
        case .pdf: try PDFReportWriter(path: path, heading: heading)
        }
    }
}
