import FactoryCore
import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle

/// The Bitrix24 side of `integration_queue`, a service of `factory serve` (M10, DECISIONS B18):
/// it takes what is due, one item at a time (one writer per portal list), and ends each attempt
/// in `sent` or in a failure that schedules the next try. Nothing is held in memory between
/// attempts: after a restart the queue is read again, and a push whose answer was lost finds its
/// records by their codes instead of creating them twice.
public struct IntegrationWorker: Service {
    public struct Settings: Sendable {
        public var retryMax: Int
        /// Record what would be sent instead of sending it.
        public var dryRun: Bool
        public var pollSeconds: Double = 2
        /// Scheduled pulls of every entity, 0 for none.
        public var pullEveryMinutes: Int
        public var kpi: Bitrix24PushTarget
        public var payroll: Bitrix24PushTarget

        public init(configuration: Configuration) {
            retryMax = configuration.bitrixRetryMax
            dryRun = configuration.bitrixDryRun
            pullEveryMinutes = configuration.bitrixPullEveryMinutes
            kpi = Bitrix24PushTarget(listCode: configuration.bitrixKPIList, fields: configuration.bitrixKPIFields)
            payroll = Bitrix24PushTarget(listCode: configuration.bitrixPayrollList, fields: configuration.bitrixPayrollFields)
        }
    }

    let api: FactoryAPI
    /// Nil without a portal (`BITRIX_BASE_URL` unset): pushes are recorded only in a dry run, and
    /// pulls fail with a clear message.
    let client: Bitrix24Client?
    public let settings: Settings
    let logger: Logger

    public init(api: FactoryAPI, client: Bitrix24Client?, settings: Settings, logger: Logger) {
        (self.api, self.client, self.settings, self.logger) = (api, client, settings, logger)
    }

    /// The worker `factory serve` runs: against `BITRIX_BASE_URL` with the webhook's code
    /// (`BITRIX_TOKEN`) or an OAuth application's tokens, or in a dry run; nil when none is
    /// configured (the queue then waits for a portal).
    public static func configured(api: FactoryAPI, logger: Logger) throws -> IntegrationWorker? {
        let configuration = api.services.configuration
        let client = try Bitrix24Client.configured(configuration)
        guard client != nil || configuration.bitrixDryRun else { return nil }
        return IntegrationWorker(api: api, client: client, settings: Settings(configuration: configuration), logger: logger)
    }

    public func run() async throws {
        logger.info("bitrix24 worker started", metadata: ["dry_run": "\(settings.dryRun)", "portal": "\(client != nil)"])
        await cancelWhenGracefulShutdown {
            var lastPull: ContinuousClock.Instant?
            while !Task.isCancelled {
                if settings.pullEveryMinutes > 0, lastPull.map({ $0.duration(to: .now) >= .seconds(settings.pullEveryMinutes * 60) }) ?? true {
                    lastPull = .now
                    await schedulePulls()
                }
                _ = await runDue()
                try? await Task.sleep(for: .milliseconds(Int64(settings.pollSeconds * 1000)))
            }
        }
    }

    /// Queues a pull of each entity unless one is waiting.
    func schedulePulls() async {
        guard client != nil else { return }
        do {
            try await api.write { db in
                for entity in [IntegrationEntity.user, .order, .attendance] {
                    _ = try api.services.integrationQueue.requestPull(db, by: .service("integration"), entity: entity, since: nil)
                }
            }
        } catch {
            logger.error("scheduling the bitrix24 pulls failed", metadata: ["error": "\(error)"])
        }
    }

    /// Handles every item due now, oldest first; answers how many.
    @discardableResult
    public func runDue(limit: Int = 50) async -> Int {
        let queue = api.services.integrationQueue
        let due: [IntegrationQueue.Entry]
        do { due = try await api.read { try queue.due($0, limit: limit) } } catch {
            logger.error("reading the integration queue failed", metadata: ["error": "\(error)"])
            return 0
        }
        for entry in due { await handle(entry) }
        return due.count
    }

    func handle(_ entry: IntegrationQueue.Entry) async {
        let queue = api.services.integrationQueue
        do {
            switch entry.direction {
            case .push:
                let result = try await push(entry)
                try await api.write { try queue.markSent($0, id: entry.id, result: result) }
            case .pull:
                try await pull(entry)
            }
            logger.info("bitrix24 item sent", metadata: ["id": "\(entry.id)", "entity": "\(entry.entity.rawValue)", "direction": "\(entry.direction.rawValue)"])
        } catch {
            // A Bitrix24Failure names the method and the portal's code, never the webhook's URL.
            let text = (error as? Bitrix24Failure)?.description ?? (error as? FactoryError)?.message ?? "\(error)"
            let retryMax = settings.retryMax
            let after = try? await api.write { try queue.markFailed($0, id: entry.id, error: text, maximumAttempts: retryMax) }
            logger.warning("bitrix24 item failed", metadata: ["id": "\(entry.id)", "entity": "\(entry.entity.rawValue)", "error": "\(text)",
                                                             "attempts": "\(after?.attempts ?? entry.attempts + 1)",
                                                             "status": "\(after?.status.rawValue ?? "?")", "escalated": "\(after?.escalated ?? false)"])
        }
    }

    // MARK: Push

    /// Every person's record of the snapshot, each created or brought up to date by its code.
    func push(_ entry: IntegrationQueue.Entry) async throws -> JSONValue {
        let target = entry.entity == .kpi ? settings.kpi : settings.payroll
        let elements = BitrixElements.of(entry.payload)
        if settings.dryRun {
            return ["dry_run": true, "list": .string(target.listCode),
                    "elements": .array(elements.map { ["code": .string($0.code), "fields": .object(target.portalFields($0))] })]
        }
        guard let client else { throw Self.noPortal }
        let list = Bitrix24ListElement(client: client, listCode: target.listCode)
        var done: [JSONValue] = []
        for element in elements {
            let outcome = try await list.upsert(code: element.code, fields: target.portalFields(element))
            let (id, word): (Int64, String) = switch outcome {
            case .created(let id): (id, "created")
            case .updated(let id): (id, "updated")
            case .unchanged(let id): (id, "unchanged")
            }
            done.append(["code": .string(element.code), "id": .int(id), "outcome": .string(word)])
        }
        return ["list": .string(target.listCode), "elements": .array(done)]
    }

    // MARK: Pull

    /// Reads the entity from the portal, then applies it and marks the item sent in one
    /// transaction: a pull that fails halfway changes nothing.
    func pull(_ entry: IntegrationQueue.Entry) async throws {
        guard let client else { throw Self.noPortal }
        let reader = Bitrix24Reader(client: client)
        let since = entry.payload.objectFields["since"]?.stringValue.flatMap(Timestamp.init(parsing:))
        let services = api.services
        switch entry.entity {
        case .user:
            let records = try await reader.employees()
            try await api.write { db in
                let outcome = try services.integrationPull.employees(db, records)
                try services.integrationQueue.markSent(db, id: entry.id, result: outcome.json)
            }
        case .order:
            let records = try await reader.orders(since: since)
            try await api.write { db in
                let outcome = try services.integrationPull.orders(db, records)
                try services.integrationQueue.markSent(db, id: entry.id, result: outcome.json)
            }
        case .attendance:
            let employees = try await api.read { db in
                try db.query("SELECT external_id FROM integration_mapping WHERE entity = 'user' AND internal_id IS NOT NULL ORDER BY external_id")
                    .map { try $0.string("external_id") }
            }
            let months = Self.months(since: since, now: services.clock.now(), calendar: services.calendar)
            let (days, unreadable) = try await reader.workdays(employees: employees, months: months)
            try await api.write { db in
                var outcome = try services.integrationPull.attendance(db, days)
                outcome.skipped += unreadable.map { "\($0): its start is not a date we can read" }
                try services.integrationQueue.markSent(db, id: entry.id, result: outcome.json)
            }
        case .kpi, .payroll:
            throw FactoryError.validation(field: "entity", reason: "bad_value", "\(entry.entity.rawValue) is pushed, not pulled")
        }
    }

    /// The months a pull of attendance reads: from `since`'s month (at most a year back), else
    /// the previous month, through the current one, because days are corrected and approved late.
    static func months(since: Timestamp?, now: Timestamp, calendar: PlantCalendar) -> [String] {
        let current = String(calendar.plantDay(of: now).prefix(7))
        let earliest = PlantCalendar.month(current, adding: -12) ?? current
        var month = min(current, max(earliest, since.map { String(calendar.plantDay(of: $0).prefix(7)) } ?? PlantCalendar.month(current, adding: -1) ?? current))
        var months: [String] = []
        while month <= current {
            months.append(month)
            guard let next = PlantCalendar.month(month, adding: 1) else { break }
            month = next
        }
        return months
    }

    static let noPortal = FactoryError.unavailable("bitrix_not_configured", "no Bitrix24 portal is configured: set BITRIX_BASE_URL and BITRIX_TOKEN")
}

/// A universal list the push writes to, and its fields by our name → the portal's name. A field
/// the integrator did not map is sent as `PROPERTY_<OUR NAME>`, which a list whose properties
/// were created with those codes accepts.
public struct Bitrix24PushTarget: Sendable, Equatable {
    public let listCode: String
    public let fields: [String: String]

    public init(listCode: String, fields: [String: String]) { (self.listCode, self.fields) = (listCode, fields) }

    func portalFields(_ element: BitrixElement) -> [String: JSONValue] {
        var out: [String: JSONValue] = ["NAME": .string(element.name)]
        for (name, value) in element.fields { out[fields[name] ?? "PROPERTY_\(name)"] = .string(value) }
        return out
    }
}
