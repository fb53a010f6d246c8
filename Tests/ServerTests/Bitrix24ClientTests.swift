import AsyncHTTPClient
import FactoryCore
import FakeBitrix24
import Foundation
import Hummingbird
import Server
import Synchronization
import Testing

/// The Bitrix24 client against the fake portal over a real socket: paging by ID, the budget's
/// 503 waited out, fatal refusals stopped at once, batch results per command, and a push whose
/// answer was lost made exactly one record.
@Suite struct Bitrix24ClientTests {
    /// The fake portal and a client of it whose pauses are recorded, not slept.
    static func withPortal<T: Sendable>(_ portal: FakeBitrix24, token: String = "hook-code",
                                        _ body: @Sendable (Bitrix24Client, Pauses) async throws -> T) async throws -> T {
        try await FakePortal.run(portal) { connection in try await body(connection.client(token: token), connection.pauses) }
    }

    @Test func everyEmployeeIsReadPageByPageInIDOrder() async throws {
        let portal = FakeBitrix24(token: "hook-code", employees: 120)
        let ids = try await Self.withPortal(portal) { client, _ in
            try await client.all("user.get") { last in ["FILTER": [">ID": .int(last)], "sort": "ID", "order": "ASC", "start": .int(-1)] }
                .compactMap { $0.objectFields["ID"]?.stringValue }
        }
        #expect(ids == (101...220).map(String.init))
        #expect(portal.calls == ["user.get", "user.get", "user.get"], "50 + 50 + 20: a short page is the last")
    }

    @Test func theBudgetsRefusalIsWaitedOutAndAFatalOneStopsAtOnce() async throws {
        let portal = FakeBitrix24(token: "hook-code")
        portal.inject(.limitExceeded, on: "department.get", count: 2)
        let (names, waited) = try await Self.withPortal(portal) { client, pauses in
            let rows = try await client.read("department.get", ["start": .int(-1)]).result.arrayItems
            return (rows.compactMap { $0.objectFields["NAME"]?.stringValue }, pauses.all)
        }
        #expect(names == ["ISOCOM", "Ekstruziya sexi"])
        #expect(waited.count == 2 && waited[0] >= 0.9 && waited[0] <= 1.1 && waited[1] >= 1.8 && waited[1] <= 2.2, "\(waited)")

        let failure = try await Self.withPortal(portal, token: "wrong") { client, _ in
            do { _ = try await client.read("user.get", [:]); return nil as Bitrix24Failure? } catch let failure as Bitrix24Failure { return failure }
        }
        #expect(failure?.status == 401 && failure?.code == "INVALID_CREDENTIALS" && failure?.disposition == .fatal)
        #expect(portal.calls.filter { $0 == "user.get" }.isEmpty, "a wrong code never reaches a method")
    }

    @Test func aBatchAnswersEachCommandWithItsResultOrItsError() async throws {
        let portal = FakeBitrix24(token: "hook-code", employees: 3)
        let outcome = try await Self.withPortal(portal) { client, _ in
            try await client.batch([("users", "user.get?FILTER[>ID]=101&start=-1"), ("nothing", "no.such.method"),
                                    ("deals", "crm.deal.list?start=-1")])
        }
        let users = try #require(try outcome["users"]?.get()).arrayItems.compactMap { $0.objectFields["ID"]?.stringValue }
        #expect(users == ["102", "103"])
        #expect(try outcome["deals"]?.get().arrayItems.count == 2)
        guard case .failure(let failure)? = outcome["nothing"] else { Issue.record("the unknown method answered"); return }
        #expect(failure.code == "ERROR_METHOD_NOT_FOUND" && failure.disposition == .fatal, "a wrong method is a configuration fault")
        #expect(portal.calls == ["batch"], "one request for three commands")
    }

    @Test func aPushWhoseAnswerWasLostMakesExactlyOneRecord() async throws {
        let portal = FakeBitrix24(token: "hook-code")
        portal.inject(.dropAnswerAfterCommit, on: "lists.element.add")
        let fields: [String: JSONValue] = ["NAME": "Payroll 2026-11 / op.aziz", "PROPERTY_951": "2026-11", "PROPERTY_957": "2031910.91"]
        let (first, again, changed) = try await Self.withPortal(portal) { client, _ in
            let list = Bitrix24ListElement(client: client, listCode: "payroll_snapshots")
            let first = try await list.upsert(code: "payroll-2026-11-v1-op-aziz", fields: fields)
            let again = try await list.upsert(code: "payroll-2026-11-v1-op-aziz", fields: fields)
            var corrected = fields
            corrected["PROPERTY_957"] = "2081910.91"
            return (first, again, try await list.upsert(code: "payroll-2026-11-v1-op-aziz", fields: corrected))
        }
        // The add ran but its answer was lost; the retry looked the code up and found it.
        #expect(first == .created(id: 7001) && again == .unchanged(id: 7001) && changed == .updated(id: 7001))
        #expect(portal.elements.count == 1 && portal.elements["payroll-2026-11-v1-op-aziz"]?["PROPERTY_957"] == "2081910.91")
        #expect(portal.calls.filter { $0 == "lists.element.add" }.count == 1, "never a blind second add")
    }

    /// The tokens an OAuth credential handed over to be kept.
    final class Kept: Sendable {
        private let tokens = Mutex<[Bitrix24OAuth.Tokens]>([])
        func add(_ new: Bitrix24OAuth.Tokens) { tokens.withLock { $0.append(new) } }
        var all: [Bitrix24OAuth.Tokens] { tokens.withLock { $0 } }
    }

    @Test func anOAuthApplicationsExpiredTokenIsRenewedKeptAndTheCallReplayedOnce() async throws {
        let portal = FakeBitrix24(token: "hook-code", oauthClient: (id: "app.isocom", secret: "app-secret"))
        let kept = Kept()
        try await FakePortal.run(portal) { connection in
            func credential(_ tokens: Bitrix24OAuth.Tokens) -> Bitrix24OAuth {
                Bitrix24OAuth(clientEndpoint: "http://127.0.0.1:\(connection.port)/rest/", tokenURL: "http://127.0.0.1:\(connection.port)/oauth/token",
                              clientID: "app.isocom", clientSecret: "app-secret", tokens: tokens, keep: { kept.add($0) })
            }
            let client = Bitrix24Client(http: connection.http, credential: credential(.init(accessToken: "access-1", refreshToken: "refresh-1")),
                                        timeoutMilliseconds: 60_000, pause: { _ in })
            let departments: JSONValue = ["filter": [">ID": 0], "start": -1]
            let before = try await client.read("department.get", departments).result.arrayItems.count
            // The hour is over: the portal says expired_token, the client renews and replays.
            portal.expireAccessToken()
            let after = try await client.read("department.get", departments).result.arrayItems.count
            #expect(before == 2 && after == 2)
            #expect(kept.all == [.init(accessToken: "access-2", refreshToken: "refresh-2")], "the rotated refresh token is handed over to be kept")
            #expect(portal.oauthTokens?.refresh == "refresh-2")
            #expect(portal.calls == ["department.get", "department.get"], "the refused call ran nothing; the replay ran once")

            // A refresh token already spent: someone must authorise the application again; no loop.
            portal.expireAccessToken()
            let stale = Bitrix24Client(http: connection.http, credential: credential(.init(accessToken: "access-2", refreshToken: "refresh-1")),
                                       timeoutMilliseconds: 60_000, pause: { _ in })
            await #expect {
                try await stale.read("department.get", departments)
            } throws: { ($0 as? Bitrix24Failure)?.disposition == .fatal }
        }
    }

    @Test func theRefusalTableIsTheResearchNotes() {
        #expect(Bitrix24Failure(status: 503, code: "QUERY_LIMIT_EXCEEDED", message: "").disposition == .backOff)
        #expect(Bitrix24Failure(status: 503, code: "OVERLOAD_LIMIT", message: "").disposition == .fatal)
        #expect(Bitrix24Failure(status: 429, code: "OPERATION_TIME_LIMIT", message: "").disposition == .waitUntilReset)
        #expect(Bitrix24Failure(status: 401, code: "expired_token", message: "").disposition == .renewToken)
        #expect(Bitrix24Failure(status: 400, code: "ERROR_ELEMENT_ALREADY_EXISTS", message: "").disposition == .alreadyExists)
        #expect(Bitrix24Failure(status: 502, code: "HTTP_502", message: "<html>").disposition == .unknownOutcome)
        #expect(Bitrix24Failure(status: 0, code: "TRANSPORT", message: "timeout").disposition == .unknownOutcome)
        #expect(Bitrix24Failure(status: 400, code: "ERROR_CORE", message: "").disposition == .refused)
    }

    @Test func theClientsBucketStaysUnderThePortalsBudget() {
        var bucket = LeakyBucket(burst: 50, perSecond: 2)
        let burst = (0..<50).map { _ in bucket.take(now: 0) }
        #expect(burst.allSatisfy { $0 == 0 }, "a burst of 50 goes at once")
        #expect(bucket.take(now: 0) == 0.5, "the 51st waits for half a second's drain")
        #expect(bucket.take(now: 10) == 0, "ten seconds later there is room again")
        #expect(bitrix24BackOff(failures: 1, jitter: 0) == 1 && bitrix24BackOff(failures: 3, jitter: 0) == 4 && bitrix24BackOff(failures: 9, jitter: 0) == 30)
    }
}
