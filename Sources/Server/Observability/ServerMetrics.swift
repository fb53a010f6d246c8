import CoreMetrics
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The metrics of spec §20.1 through swift-metrics into a Prometheus registry of the server's
/// own (not the process-global one, so tests and several servers in a process stay apart).
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let reportedGateHits = Mutex<[String: Int64]>([:])

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(150), .milliseconds(300), .milliseconds(1000), .seconds(3),
        ]
        self.factory = factory
    }

    func request(route: String, method: String, status: Int, nanoseconds: Int64) {
        Metrics.Timer(label: "api_http_request_duration_seconds",
                      dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// `status` is accepted, duplicate or late.
    func ingestEvents(device: String, status: String, count: Int) {
        guard count > 0 else { return }
        Counter(label: "ingest_events_total", dimensions: [("device_id", device), ("status", status)], factory: factory)
            .increment(by: count)
    }

    /// Gate hits as the gate log counts them (the API's and every kiosk's): the counter is
    /// moved up to the database's total at each scrape.
    func gateHits(_ totals: [String: Int64]) {
        let steps: [(String, Int64)] = reportedGateHits.withLock { reported in
            totals.map { gate, total in
                defer { reported[gate] = max(reported[gate] ?? 0, total) }
                return (gate, max(0, total - (reported[gate] ?? 0)))
            }
        }
        for (gate, step) in steps {
            let counter = Counter(label: "gate_hits_total", dimensions: [("gate_type", gate)], factory: factory)
            if step > 0 { counter.increment(by: step) } else { counter.increment(by: 0) }
        }
    }

    /// Values read from the database at scrape time.
    func gauge(_ name: String, _ dimensions: [(String, String)] = [], _ value: Double) {
        Gauge(label: name, dimensions: dimensions, factory: factory).record(value)
    }

    public func exposition() -> String {
        registry.emitToString()
    }
}
