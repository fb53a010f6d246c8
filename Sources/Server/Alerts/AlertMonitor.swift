import FactoryCore
import Foundation
import Logging
import ServiceLifecycle

/// The alert side of `factory serve`: every `ALERT_EVERY_SEC` it reads the facts, lets the rules
/// speak and applies what they found (M13/M14). When the database does not answer, that is the
/// P1 `database_unreachable`: logged at once, and recorded with how long it lasted as soon as
/// the database answers again. After each look the notifier tells the channels outside the plant.
public struct AlertMonitor: Service {
    let api: FactoryAPI
    let notifier: AlertNotifier
    let logger: Logger
    let state = DownSince()

    public init(api: FactoryAPI, notifier: AlertNotifier, logger: Logger) { (self.api, self.notifier, self.logger) = (api, notifier, logger) }

    final class DownSince: @unchecked Sendable {
        private let lock = NSLock()
        private var since: Timestamp?
        func mark(_ time: Timestamp) -> Bool { lock.withLock { guard since == nil else { return false }; since = time; return true } }
        func clear() -> Timestamp? { lock.withLock { defer { since = nil }; return since } }
    }

    public func run() async throws {
        let every = api.services.configuration.alertEverySeconds
        logger.info("alert monitor started", metadata: ["every_seconds": "\(every)"])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await pass()
                await notifier.deliver()
                try? await Task.sleep(for: .seconds(every))
            }
        }
    }

    /// One look at the plant; answers what changed, or nil when the database did not answer.
    @discardableResult
    public func pass() async -> AlertService.Changes? {
        let services = api.services
        let now = services.clock.now()
        let limits = services.configuration.alertThresholds
        do {
            let facts = try await api.read { try AlertFacts.read($0, now: now, calendar: services.calendar, limits: limits) }
            let findings = AlertRules.findings(facts, limits, now: now)
            let outage = state.clear()
            let changes = try await api.write { db in
                if let outage {
                    // Raised and, in the same pass, resolved: the record of an outage that is over.
                    try services.alerts.raise(db, AlertFinding(rule: .databaseUnreachable, object: "database",
                                                               valueMilli: Int64(now.seconds(since: outage) * 1000), thresholdMilli: 0))
                }
                return try services.alerts.apply(db, findings)
            }
            for alert in changes.raised {
                logger.warning("alert raised", metadata: ["id": "\(alert.id)", "rule": "\(alert.rule)", "severity": "\(alert.severity.rawValue)",
                                                          "object": "\(alert.object)", "value_milli": "\(alert.valueMilli ?? 0)",
                                                          "threshold_milli": "\(alert.thresholdMilli ?? 0)"])
            }
            for alert in changes.resolved {
                logger.info("alert resolved", metadata: ["id": "\(alert.id)", "rule": "\(alert.rule)", "object": "\(alert.object)"])
            }
            return changes
        } catch {
            if state.mark(now) {
                logger.critical("alert P1 database_unreachable", metadata: ["error": "\((error as? FactoryError)?.message ?? "\(error)")"])
            }
            return nil
        }
    }
}
