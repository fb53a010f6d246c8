import FactoryCore
import FactoryTestSupport
import FakeBitrix24
import Foundation
import Logging
import Server
import Testing

/// The Bitrix24 worker of `factory serve` against the fake portal over a real socket: pulls
/// that change nothing the second time and follow a change, pushes that make exactly one record
/// whatever is lost on the way, the retry schedule of B18 under a test clock, and a run where a
/// fifth of the calls fail.
@Suite struct IntegrationWorkerTests {
    /// The UAT plant's API, a worker whose client talks to `portal`, and the plant's finance person.
    struct Rig: Sendable {
        let harness: APIHarness
        let connection: FakePortal.Connection
        var services: FactoryServices { harness.api.services }
        var clock: ManualClock { harness.clock }

        func worker(retryMax: Int = 8, timeoutMilliseconds: Int = 60_000, attempts: Int = 5, api: FactoryAPI? = nil) -> IntegrationWorker {
            var settings = IntegrationWorker.Settings(configuration: services.configuration)
            settings.retryMax = retryMax
            var logger = Logger(label: "test.bitrix24")
            logger.logLevel = .critical
            return IntegrationWorker(api: api ?? harness.api, client: connection.client(timeoutMilliseconds: timeoutMilliseconds, attempts: attempts, burst: 100_000),
                                     settings: settings, logger: logger)
        }

        func pull(_ entity: IntegrationEntity, since: Timestamp? = nil) async throws -> JSONValue {
            let item = try services.perform { try services.integrationQueue.requestPull($0, by: .service("test"), entity: entity, since: since) }
            await worker().runDue()
            let entry = try services.database.read { try services.integrationQueue.find($0, id: item.id) }
            try #require(entry.status == .sent, "the pull of \(entity.rawValue) failed: \(entry.lastError ?? "")")
            return entry.result ?? nil
        }

        func entry(_ id: String) throws -> IntegrationQueue.Entry {
            try services.database.read { try services.integrationQueue.find($0, id: id) }
        }

        /// A payroll of `people` lines queued for export, as approval queues it.
        func queuePayroll(month: String = "2026-11", version: Int64 = 1, people: [String] = ["op.aziz", "op.dilshod"]) throws -> String {
            let finance = try harness.floor.factory.actor(.moliya)
            let payload: JSONValue = [
                "entity": "payroll", "month": .string(month), "version": .int(version), "net_total": "0.00",
                "lines": .array(people.enumerated().map { index, username in
                    ["username": .string(username), "full_name": .string(username), "bitrix_id": .string(String(101 + index)),
                     "base_salary": "3000000.00", "kpi_bonus": "81910.91", "avans": "1000000.00", "penalties": "0.00", "net_pay": "2081910.91"]
                }),
            ]
            return try services.perform { try services.integrationQueue.export($0, by: finance, entity: .payroll, payload: payload) }.id
        }

        func auditCount(_ action: String) throws -> Int64 {
            try services.database.read { try $0.queryOne("SELECT COUNT(*) AS n FROM audit_log WHERE action = ?", action)?.int("n") ?? 0 }
        }
    }

    static func withRig<T: Sendable>(_ backend: Backend, _ portal: FakeBitrix24, _ body: @Sendable (Rig) async throws -> T) async throws -> T {
        let harness = try await APIHarness(backend)
        defer { Task { [api = harness.api] in try? await api.executor.shutdown() } }
        return try await FakePortal.run(portal) { connection in try await body(Rig(harness: harness, connection: connection)) }
    }

    // MARK: Pull

    @Test(arguments: TestBackends.all)
    func pullingTwiceChangesNothingAndAChangeInBitrix24ChangesOurs(backend: Backend) async throws {
        let portal = FakeBitrix24(token: "hook-code")
        try await Self.withRig(backend, portal) { rig in
            let db = rig.services.database
            let usersBefore = try rig.harness.floor.factory.count("users")
            // The UAT stub's five people are the UAT users with those Bitrix24 ids: matched, none made.
            #expect(try await rig.pull(.user) == ["created": 0, "updated": 5, "unchanged": 0, "skipped": []])
            #expect(try rig.harness.floor.factory.count("users") == usersBefore)
            let matched = try db.read { try rig.services.integrationMapping.list($0, entity: .user, page: try Page(number: 1, size: 50)) }
            #expect(matched.map(\.externalID) == ["101", "102", "103", "104", "105"])
            #expect(matched.map(\.internalName) == ["op.aziz", "op.dilshod", "sexboshligi", "otk", "main.ombor"])
            #expect(matched[0].meta.objectFields["department"] == "Ekstruziya sexi")
            #expect(try await rig.pull(.order) == ["created": 2, "updated": 0, "unchanged": 0, "skipped": []])
            // Finance had typed one of Aziz's shifts: Bitrix24's hours replace it, its line stays.
            let finance = try rig.harness.floor.factory.actor(.moliya)
            try rig.services.perform {
                try rig.services.attendance.record($0, by: finance, .init(username: "op.aziz", day: "2026-11-23", shift: .day, workcenter: "E1", minutes: 600))
            }
            let attendance = try await rig.pull(.attendance)
            #expect(attendance == ["created": 28, "updated": 1, "unchanged": 0, "skipped": []])
            let typed = try #require(try db.read { try $0.queryOne("""
                SELECT a.minutes, w.code FROM attendance a JOIN users u ON u.id = a.user_id JOIN workcenters w ON w.id = a.workcenter_id
                WHERE u.username = 'op.aziz' AND a.day = '2026-11-23'
                """) })
            #expect(try typed.int("minutes") == 720 && typed.string("code") == "E1")

            let audited = try db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM audit_log")?.int("n") ?? 0 }
            #expect(try await rig.pull(.user) == ["created": 0, "updated": 0, "unchanged": 5, "skipped": []])
            #expect(try await rig.pull(.order) == ["created": 0, "updated": 0, "unchanged": 2, "skipped": []])
            #expect(try await rig.pull(.attendance) == ["created": 0, "updated": 0, "unchanged": 29, "skipped": []])
            let auditedAgain = try db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM audit_log")?.int("n") ?? 0 }
            #expect(auditedAgain == audited + 6, "the second pulls wrote nothing but their own queue rows (queued, sent)")

            // Only deals changed since a moment come back.
            #expect(try await rig.pull(.order, since: Timestamp(parsing: "2026-11-22T00:00:00+05:00")!) == ["created": 0, "updated": 0, "unchanged": 1, "skipped": []])

            portal.editEmployee("101") { $0["NAME"] = "Azizbek" }
            portal.editEmployee("102") { $0["ACTIVE"] = "N" }
            portal.hire(id: "106", name: "Sherzod", lastName: "Umarov", position: "operator")
            #expect(try await rig.pull(.user) == ["created": 1, "updated": 2, "unchanged": 3, "skipped": []])
            let aziz = try db.read { try rig.services.users.find($0, username: "op.aziz") }
            let dilshod = try db.read { try rig.services.users.find($0, username: "op.dilshod") }
            #expect(aziz.fullName == "Azizbek Karimov" && dilshod.status == .disabled)
            let hired = try #require(try db.read { try $0.queryOne("SELECT * FROM users WHERE bitrix_id = '106'") })
            #expect(try hired.string("username") == "b24-106" && hired.string("full_name") == "Sherzod Umarov")
            #expect(hired.isNull("password_hash") && hired.isNull("pin_hash"), "a pulled person cannot sign in until someone sets a credential")
            #expect(try hired.string("position") == "operator" && hired.string("grade") == "stajor")
        }
    }

    // MARK: Push

    @Test(arguments: TestBackends.all)
    func aPushWhoseAnswerWasLostIsRetriedAfterARestartIntoExactlyOneRecord(backend: Backend) async throws {
        // A portal that does not refuse a second record with the same code: only the worker's own
        // look-up before adding keeps the push single.
        let portal = FakeBitrix24(token: "hook-code", uniqueCodes: false)
        portal.inject(.dropAnswerAfterCommit, on: "lists.element.add")
        portal.inject(.expiredToken, on: "lists.element.get", after: 1)
        try await Self.withRig(backend, portal) { rig in
            let item = try rig.queuePayroll()
            #expect(await rig.worker().runDue() == 1)
            let failed = try rig.entry(item)
            #expect(failed.status == .pending && failed.attempts == 1 && failed.lastError?.contains("expired_token") == true)
            #expect(failed.nextTryAt == rig.clock.now().adding(seconds: 60))
            #expect(portal.elementCounts == ["payroll-2026-11-v1-u101": 1], "the first record was made before its answer was lost")

            // The server restarts: a new API over the same database, a new worker; the wait passes.
            let restarted = await FactoryAPI(services: rig.services, settings: rig.harness.api.settings, databaseThreads: 2)
            #expect(await rig.worker(api: restarted).runDue() == 0, "nothing is due before its time")
            rig.clock.advance(seconds: 60)
            #expect(await rig.worker(api: restarted).runDue() == 1)
            try? await restarted.executor.shutdown()
            let sent = try rig.entry(item)
            #expect(sent.status == .sent && sent.attempts == 1)
            #expect(portal.elementCounts == ["payroll-2026-11-v1-u101": 1, "payroll-2026-11-v1-u102": 1])
            let record = try #require(portal.elements["payroll-2026-11-v1-u101"])
            #expect(record["PROPERTY_NET_PAY"] == "2081910.91" && record["PROPERTY_EMPLOYEE"] == "101" && record["PROPERTY_PERIOD"] == "2026-11")
            let outcomes = sent.result?.objectFields["elements"]?.arrayItems.compactMap { $0.objectFields["outcome"]?.stringValue }
            #expect(outcomes == ["unchanged", "created"], "the lost one was found, not made again")
            #expect(try rig.auditCount("integration.sent") == 1)
        }
    }

    @Test(arguments: TestBackends.all)
    func aDryRunRecordsWhatWouldBeSentAndSendsNothing(backend: Backend) async throws {
        let portal = FakeBitrix24(token: "hook-code")
        try await Self.withRig(backend, portal) { rig in
            let item = try rig.queuePayroll()
            var settings = IntegrationWorker.Settings(configuration: rig.services.configuration)
            settings.dryRun = true
            await IntegrationWorker(api: rig.harness.api, client: nil, settings: settings, logger: Logger(label: "test")).runDue()
            let sent = try rig.entry(item)
            #expect(sent.status == .sent && sent.result?.objectFields["dry_run"] == true)
            let codes = sent.result?.objectFields["elements"]?.arrayItems.compactMap { $0.objectFields["code"]?.stringValue }
            #expect(codes == ["payroll-2026-11-v1-u101", "payroll-2026-11-v1-u102"])
            #expect(portal.calls.isEmpty && portal.elements.isEmpty)
        }
    }

    // MARK: Retries

    @Test(arguments: TestBackends.all)
    func failuresFollowTheScheduleEscalateAtTheFifthAndStopAtTheLastUntilRetriedByHand(backend: Backend) async throws {
        let portal = FakeBitrix24(token: "hook-code")
        // Every attempt reads the list five times (the client's own retries of a read): 8 attempts.
        portal.inject(.serverError, on: "lists.element.get", count: 40)
        try await Self.withRig(backend, portal) { rig in
            let item = try rig.queuePayroll(people: ["op.aziz"])
            let worker = rig.worker(retryMax: 8)
            let waits: [Int64] = [60, 300, 900, 3600, 14_400, 14_400, 14_400]
            for attempt in 1...8 {
                #expect(await worker.runDue() == 1)
                let entry = try rig.entry(item)
                #expect(entry.attempts == Int64(attempt))
                #expect(entry.escalated == (attempt >= 5))
                if attempt < 8 {
                    #expect(entry.status == .pending && entry.nextTryAt == rig.clock.now().adding(seconds: waits[attempt - 1]))
                    rig.clock.advance(seconds: waits[attempt - 1] - 1)
                    #expect(await worker.runDue() == 0, "attempt \(attempt + 1) waits its time")
                    rig.clock.advance(seconds: 1)
                } else {
                    #expect(entry.status == .error && entry.nextTryAt == nil && entry.lastError?.contains("INTERNAL_SERVER_ERROR") == true)
                }
                if attempt == 5 {
                    #expect(try rig.auditCount("integration.escalated") == 1)
                    #expect(try rig.services.database.read { try PlantIndicators.read($0) }.integrationEscalated == 1)
                }
            }
            #expect(try rig.auditCount("integration.failed") == 1)
            rig.clock.advance(seconds: 86_400)
            #expect(await worker.runDue() == 0, "after the last attempt only a person retries")

            let integrator = try rig.harness.floor.factory.actor(.integrator)
            _ = try rig.services.perform { try rig.services.integrationQueue.retry($0, by: integrator, id: item) }
            #expect(await worker.runDue() == 1)
            #expect(try rig.entry(item).status == .sent)
            #expect(portal.elementCounts == ["payroll-2026-11-v1-u101": 1])
            #expect {
                try rig.services.perform { try rig.services.integrationQueue.retry($0, by: integrator, id: item) }
            } throws: { ($0 as? FactoryError)?.reason == "already_sent" }
        }
    }

    /// The spec asks ≥ 97 % of exchanges to succeed; with a fifth of the calls failing in every
    /// way a network fails (refused, 500, answer lost, no answer in time), retries deliver all.
    @Test(arguments: TestBackends.all)
    func withAFifthOfCallsFailingEveryPushArrivesOnceAfterRetries(backend: Backend) async throws {
        let portal = FakeBitrix24(token: "hook-code", uniqueCodes: false, stall: .milliseconds(1500))
        portal.failRandomly(0.2, kinds: [.limitExceeded, .serverError, .dropAnswerAfterCommit, .timeoutAfterCommit])
        try await Self.withRig(backend, portal) { rig in
            let months: [String] = (0..<24).compactMap { (n: Int) -> String? in PlantCalendar.month("2025-01", adding: n) }
            let items = try months.map { try rig.queuePayroll(month: $0, people: ["op.aziz", "op.dilshod", "sexboshligi"]) }
            // A read is sent at most twice within an attempt, so that many attempts fail and the
            // queue's own retries are exercised too.
            let worker = rig.worker(timeoutMilliseconds: 1000, attempts: 2)
            var rounds = 0
            var attempts = 0
            while rounds < 12 {
                let handled = await worker.runDue()
                attempts += handled
                rounds += 1
                if try items.allSatisfy({ try rig.entry($0).status == .sent }) { break }
                rig.clock.advance(seconds: 4 * 3600)
            }
            let statuses = try items.map { try rig.entry($0).status }
            #expect(statuses.allSatisfy { $0 == .sent }, "delivered \(statuses.filter { $0 == .sent }.count) of \(items.count)")
            #expect(portal.elementCounts.count == 72 && portal.elementCounts.values.allSatisfy { $0 == 1 })
            #expect(attempts > items.count, "some attempts failed and were retried by the queue")
            let delivered = statuses.filter { $0 == .sent }.count
            let duplicates = portal.elementCounts.values.filter { $0 > 1 }.count
            let (calls, faults) = (portal.calls.count, portal.faultsServed)
            print("bitrix24 fault run (\(backend)): \(items.count) pushes of 72 records, \(calls) calls of which \(faults) failed, \(attempts) attempts in \(rounds) rounds, delivered \(delivered)/\(items.count), duplicates \(duplicates)")
        }
    }
}
