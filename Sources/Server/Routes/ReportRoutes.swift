import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Spec §11, M14: report jobs. A request is checked and queued at once (202 with the job);
/// the report worker runs it beside the API; `GET /reports/{id}` says where it stands and,
/// once done, `GET /reports/{id}/file` hands over the file.
struct ReportRoutes {
    let api: FactoryAPI

    struct Submit: Decodable {
        let type: String
        let format: String
        let filters: JSONValue?
        let language: String?
    }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let services = api.services
        let runner = api.reports
        group.post("reports", needs: .reportRun) { request, context in
            let body = try await request.decodeJSON(Submit.self, context: context, limit: 16 * 1024)
            let language = try body.language.map { try Locales.Language(parsing: $0, field: "language") } ?? .uz
            let report = try ReportRequest(type: try ReportType(parsing: body.type, field: "type"), format: try ReportFormat(parsing: body.format, field: "format"),
                                           filters: body.filters ?? .object([:]), language: language)
            let job = try await api.write(as: context) { db, actor in try services.reports.submit(db, by: actor, report) }
            return APIResponse(.accepted, job.json)
        }
        group.get("reports", needs: .reportRun) { request, context in
            let page = try request.page()
            let jobs = try await api.read(as: context) { db, actor in try services.reports.recent(db, by: actor, page: page) }
            return APIResponse(.ok, ["items": .array(jobs.map(\.json))])
        }
        group.get("reports/:id", needs: .reportRun) { _, context in
            let id: ReportJobs.ID = try context.pathID("id", "report")
            let job = try await api.read(as: context) { db, actor in try services.reports.find(db, by: actor, id) }
            return APIResponse(.ok, job.json)
        }
        group.get("reports/:id/file", needs: .reportRun) { _, context in
            let id: ReportJobs.ID = try context.pathID("id", "report")
            let job = try await api.read(as: context) { db, actor in try services.reports.find(db, by: actor, id) }
            guard job.status == .done else {
                throw FactoryError.conflict("report_not_ready", "report \(id) is \(job.status.rawValue); its file comes when it is done",
                                            details: ["status": job.status.rawValue])
            }
            guard let file = runner.file(of: job), let name = job.fileName else {
                throw FactoryError(.notFound, reason: "report_expired", "the file of report \(id) expired; ask for the report again")
            }
            return try await Self.stream(file, name: name, type: job.request.format.contentType, context: context)
        }
    }

    /// The file in pieces of 64 KB as the client reads them, never whole in memory.
    static func stream(_ file: URL, name: String, type: String, context: FactoryRequestContext) async throws -> Response {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: file) } catch {
            throw FactoryError(.notFound, reason: "report_expired", "the report's file is gone; ask for the report again")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
        var headers: HTTPFields = [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""]
        if let size { headers[.contentLength] = String(size) }
        let body = ResponseBody { writer in
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

extension ReportJobs.Job {
    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id.text), "type": .string(request.type.rawValue), "format": .string(request.format.rawValue),
            "language": .string(request.language.rawValue), "filters": request.filters, "status": .string(status.rawValue),
            "notes": .array(notes.map(JSONValue.string)), "created_by": .string(createdBy.text), "created_at": .string(createdAt.iso8601),
            "expired": .bool(expired),
        ]
        fields["rows"] = rows.map { .int(Int64($0)) } ?? .null
        fields["bytes"] = bytes.map { .int(Int64($0)) } ?? .null
        fields["error"] = error.map(JSONValue.string) ?? .null
        fields["file_name"] = fileName.map(JSONValue.string) ?? .null
        fields["file"] = status == .done && !expired ? .string("/api/v1/reports/\(id.text)/file") : .null
        fields["started_at"] = startedAt.map { .string($0.iso8601) } ?? .null
        fields["finished_at"] = finishedAt.map { .string($0.iso8601) } ?? .null
        fields["expires_at"] = expiresAt.map { .string($0.iso8601) } ?? .null
        return .object(fields)
    }
}
