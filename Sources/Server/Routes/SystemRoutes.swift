import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird

/// What operations and integrators look at: `/health` (the database answers), `/metrics`
/// (Prometheus text, spec §20.1) and the OpenAPI document.
struct SystemRoutes {
    let api: FactoryAPI

    func add(to router: Router<FactoryRequestContext>) {
        // Liveness: the process answers, nothing else is touched (also the no-op for benchmarks).
        router.get("livez") { _, _ in APIResponse(.ok, ["status": "ok"]) }
        // Readiness: the database answers too.
        router.get("health") { _, _ in
            let started = DispatchTime.now().uptimeNanoseconds
            let database = try await api.read { db in try db.queryOne("SELECT 1 AS ok")?.int("ok") == 1 }
            guard database else { throw FactoryError.unavailable("database_unavailable", "the database did not answer") }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            return APIResponse(.ok, ["status": "ok", "database": .string(api.services.database.backend.rawValue),
                                     "database_ms": .string(String(format: "%.2f", ms))])
        }
        router.get("metrics") { _, _ in
            try await BusinessGauges(api: api).refresh()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: api.metrics.exposition())))
        }
        router.get("api/v1/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }
}
