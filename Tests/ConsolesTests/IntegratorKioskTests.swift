@testable import Consoles
@testable import FactoryCore
import Foundation
import Testing

/// The integrator's Bitrix24 console: the queue read, a stopped item retried, a pull asked for,
/// a wrong match corrected by typing the username; golden screens in three languages.
@Suite struct IntegratorKioskTests {
    static let now = Timestamp(parsing: "2026-12-05T10:00:00Z")!

    static func item(_ id: String, _ entity: IntegrationEntity, _ status: IntegrationStatus, attempts: Int64, next: Int64?, error: String? = nil,
                     payload: JSONValue) -> IntegrationQueue.Entry {
        IntegrationQueue.Entry(id: id, direction: entity == .kpi || entity == .payroll ? .push : .pull, entity: entity, status: status,
                               payload: payload, payloadHash: "h-\(id)", attempts: attempts, lastError: error, createdAt: now.adding(seconds: -3600),
                               lastTryAt: attempts > 0 ? now.adding(seconds: -60) : nil, nextTryAt: next.map { now.adding(seconds: $0) },
                               sentAt: status == .sent ? now.adding(seconds: -30) : nil, result: nil)
    }

    static let desk = IntegratorKiosk.Desk(queue: [
        item("q1", .payroll, .error, attempts: 8, next: nil, error: "Bitrix24 transport TRANSPORT: lists.element.get: HTTPClientError connectRefused",
             payload: ["entity": "payroll", "month": "2026-11", "version": 1]),
        item("q2", .kpi, .pending, attempts: 2, next: 240, payload: ["entity": "kpi", "first_day": "2026-11-01", "last_day": "2026-11-30", "version": 1]),
        item("q3", .user, .sent, attempts: 0, next: nil, payload: ["entity": "user", "since": nil]),
    ], employees: [
        IntegrationMapping.Entry(id: "m1", entity: .user, externalID: "101", internalID: "u1", internalName: "op.aziz",
                                 meta: ["full_name": "Aziz Karimov", "active": true, "department": "Ekstruziya sexi"]),
        IntegrationMapping.Entry(id: "m2", entity: .user, externalID: "106", internalID: "u9", internalName: "b24-106",
                                 meta: ["full_name": "Sherzod Umarov", "active": true, "department": "Ekstruziya sexi"]),
    ], now: now)

    final class Plant: IntegratorClient, @unchecked Sendable {
        var made: [String] = []
        var answer: IntegratorKiosk.Event = .loaded(IntegratorKioskTests.desk)
        func load() -> IntegratorKiosk.Event { made.append("load"); return answer }
        func retry(id: String) -> IntegratorKiosk.Event { made.append("retry \(id)"); return answer }
        func pull() -> IntegratorKiosk.Event { made.append("pull"); return answer }
        func relink(mappingID: String, username: String) -> IntegratorKiosk.Event { made.append("relink \(mappingID) \(username)"); return answer }
    }

    /// Feeds keys through the kiosk, running each effect against the plant.
    static func drive(_ kiosk: IntegratorKiosk, _ state: IntegratorKiosk.State, _ inputs: [KeyInput], _ plant: Plant) -> IntegratorKiosk.State {
        var state = state
        for input in inputs {
            let (next, effects) = kiosk.update(state, .input(input))
            state = next
            for effect in effects {
                if case .stay(let events) = IntegratorPage.handle(effect, plant) {
                    for event in events { state = kiosk.update(state, event).0 }
                }
            }
        }
        return state
    }

    @Test func aStoppedPushIsRetriedAPullAskedForAndAWrongMatchCorrected() throws {
        let kiosk = IntegratorKiosk(chrome: try CatalogueTests.chrome(.en))
        let plant = Plant()
        var state = kiosk.update(IntegratorKiosk.State(user: "integrator"), .loaded(Self.desk)).0

        // The stopped payroll is the first row: F5 retries it.
        plant.answer = .done(.retried(.payroll), Self.desk)
        state = Self.drive(kiosk, state, [.key(.named("F5"))], plant)
        #expect(plant.made == ["retry q1"] && state.outcome == .retried(.payroll))

        // A sent item is not retried, and the plant is not asked.
        state = Self.drive(kiosk, state, [.key(.named("Down")), .key(.named("Down")), .key(.named("F5"))], plant)
        #expect(plant.made == ["retry q1"] && state.notice == Notice("kiosk.integrator.already_sent"))

        plant.answer = .done(.pulled, Self.desk)
        state = Self.drive(kiosk, state, [.key(.named("F2"))], plant)
        #expect(plant.made.last == "pull" && state.outcome == .pulled)

        // On Employees, Enter on the new person asks who they are here; a scanned badge or typing answers.
        plant.answer = .done(.relinked(externalID: "106", username: "op.dilshod"), Self.desk)
        state = Self.drive(kiosk, state, [.key(.named("Tab")), .key(.named("Down")), .key(.named("Enter"))], plant)
        #expect(state.page == .employees && state.typing == "")
        state = Self.drive(kiosk, state, [.key(.named("Enter"))], plant)
        #expect(state.notice == Notice("kiosk.integrator.username_needed") && plant.made.last == "pull")
        state = Self.drive(kiosk, state, "op.dilshodx".map { .key(.character($0)) } + [.key(.named("Backspace")), .key(.named("Enter"))], plant)
        #expect(plant.made.last == "relink m2 op.dilshod" && state.typing == nil && state.outcome == .relinked(externalID: "106", username: "op.dilshod"))

        // Esc leaves the prompt without asking anything.
        state = Self.drive(kiosk, state, [.key(.named("Enter")), .key(.character("x")), .key(.named("Esc"))], plant)
        #expect(state.typing == nil && plant.made.count == 3)
        plant.answer = .loaded(Self.desk)
        state = Self.drive(kiosk, state, [.key(.named("F11"))], plant)
        #expect(plant.made.last == "load")
    }

    @Test func everyIntegratorScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = IntegratorKiosk(chrome: try CatalogueTests.chrome(language))
            let empty = kiosk.update(IntegratorKiosk.State(user: "integrator"), .loaded(.init(queue: [], employees: [], now: Self.now))).0
            let queue = kiosk.update(empty, .loaded(Self.desk)).0
            let retried = kiosk.update(queue, .done(.retried(.payroll), Self.desk)).0
            var employees = kiosk.update(queue, .input(.key(.named("Tab")))).0
            employees = kiosk.update(employees, .input(.key(.named("Down")))).0
            let typing = kiosk.update(employees, .input(.key(.named("Enter")))).0
            let refused = kiosk.update(employees, .refused(Failure(FactoryError.conflict("already_mapped", "taken")))).0
            for (name, state) in [("empty", empty), ("queue", queue), ("retried", retried), ("employees", employees), ("typing", typing),
                                  ("refused", refused)] {
                text += "== \(language.rawValue) \(name)\n\(kiosk.view(state, width: 80, height: 24).text)\n"
            }
        }
        try Golden.check(text, file: "integrator.txt")
    }
}
