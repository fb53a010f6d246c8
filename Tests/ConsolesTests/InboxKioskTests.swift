@testable import Consoles
import FactoryCore
import Foundation
import Testing

/// The shop head's approvals inbox: choose, approve or reject with a reason, sign with the PIN.
@Suite struct InboxKioskTests {
    static func kiosk(_ language: Locales.Language) throws -> InboxKiosk { InboxKiosk(chrome: try CatalogueTests.chrome(language)) }

    static let items = [
        InboxKiosk.Item(id: "a1", type: .reviewTolerance, about: "FG-2026-11-25-000002", weight: "30.900", length: "250.000", requestedBy: "op.aziz",
                        reason: "thicker edge, the customer accepts", norm: "30.000", deviation: "+3.0", tolerance: "2"),
        InboxKiosk.Item(id: "a2", type: .reopenSession, step: "1/3", about: "E1 · P-E1-1", objectType: "session", requestedBy: "sexboshligi", reason: "late count",
                        balance: MassBalance(input: Grams(40_000), good: .zero, wip: .zero, reworkInLinked: .zero, disposedLinked: .zero,
                                             outstanding: Grams(40_000))),
    ]

    static let recipeChange = InboxKiosk.Item(id: "a3", type: .liveRecipeChange, about: "E1 · P-E1-1", objectType: "session", requestedBy: "sexboshligi",
                                              reason: "VT lot short", recipe: .init(from: 2, to: 1))

    static let reopenWithTrail = InboxKiosk.Item(
        id: "a4", type: .reopenSession, step: "3/3", about: "E1 · P-E1-1", objectType: "session", requestedBy: "sexboshligi", reason: "late count",
        balance: MassBalance(input: Grams(40_000), good: Grams(38_000), wip: .zero, reworkInLinked: Grams(1_800), disposedLinked: .zero,
                             outstanding: .zero),
        trail: [.init(time: "11-25 08:02", who: "sexboshligi", action: "session.started"),
                .init(time: "11-25 08:10", who: "sexboshligi", action: "session.input_added"),
                .init(time: "11-25 15:40", who: "sexboshligi", action: "session.closed"),
                .init(time: "11-25 16:05", who: "sexboshligi", action: "approval.requested"),
                .init(time: "11-25 16:20", who: "sexboshligi", action: "approval.approved"),
                .init(time: "11-25 16:31", who: "texnolog", action: "approval.approved"),
                .init(time: "11-25 16:32", who: "—", action: "integration.unknown")])

    static func typed(_ kiosk: InboxKiosk, _ state: InboxKiosk.State, _ text: String) -> InboxKiosk.State {
        text.reduce(state) { kiosk.update($0, .input(.key(.character($1)))).0 }
    }

    @Test func anApprovalAsksAReasonThenThePINAndIsDecidedOnce() throws {
        let calls = ConsoleClientTests.Calls()
        struct Client: InboxClient {
            let calls: ConsoleClientTests.Calls
            func inbox() -> InboxKiosk.Event { calls.made.append("inbox"); return .items([]) }
            func decide(_ approvalID: String, approve: Bool, reason: String, pin: String) -> InboxKiosk.Event {
                calls.made.append("decide \(approvalID) \(approve) \(reason) \(pin)")
                return .decided(about: "FG-2026-11-25-000002", approved: approve)
            }
        }
        let kiosk = try Self.kiosk(.en)
        let listed = kiosk.update(.init(user: "sexboshligi"), .items(Self.items)).0
        let keys: [KeyInput] = [.key(.named("F5")), .key(.named("Enter"))] + "edge ok".map { .key(.character($0)) }
            + [.key(.named("Enter"))] + "2201".map { .key(.character($0)) } + [.key(.named("Enter"))]
        let (state, _) = ConsoleClientTests.drive(kiosk, listed, keys) { SupervisorConsole.handle($0, Client(calls: calls), home: .board) }
        #expect(calls.made == ["decide a1 true edge ok 2201", "inbox"], "a reason first (an empty Enter asks for it), then the PIN")
        #expect(state.outcome == .decided(about: "FG-2026-11-25-000002", approved: true))
        let noReason = kiosk.update(kiosk.update(listed, .input(.key(.named("F6")))).0, .input(.key(.named("Enter")))).0
        #expect(noReason.notice == Notice("kiosk.inbox.reason_needed") && noReason.stage == .reason)
        let empty = kiosk.update(.init(user: "sexboshligi"), .input(.key(.named("F5")))).0
        #expect(empty.notice == Notice("kiosk.inbox.nothing_to_decide") && empty.deciding == nil)
    }

    /// Every state in Uzbek, Russian and English against `Golden/inbox.txt`.
    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = try Self.kiosk(language)
            let empty = InboxKiosk.State(user: "sexboshligi")
            let listed = kiosk.update(empty, .items(Self.items)).0
            let reason = Self.typed(kiosk, kiosk.update(listed, .input(.key(.named("F6")))).0, "not thick enough")
            let pin = Self.typed(kiosk, kiosk.update(reason, .input(.key(.named("Enter")))).0, "22")
            let decided = kiosk.update(listed, .decided(about: "FG-2026-11-25-000002", approved: true)).0
            let outOfOrder = kiosk.update(kiosk.update(listed, .input(.key(.named("Down")))).0, .refused(Failure(FactoryError(.forbidden, reason: "step_out_of_order",
                "step 1 (sex_boshligi) must come before yours", details: ["step": "1"])))).0
            let twice = kiosk.update(listed, .refused(Failure(FactoryError.conflict("same_approver", "one person, one step")))).0
            let technologist = InboxKiosk(chrome: kiosk.chrome, station: .technologist)
            let recipe = technologist.update(InboxKiosk.State(user: "texnolog"), .items([Self.recipeChange])).0
            let director = InboxKiosk(chrome: kiosk.chrome, station: .director)
            let trail = director.update(InboxKiosk.State(user: "direktor"), .items([Self.reopenWithTrail])).0
            for (name, state) in [("empty", empty), ("listed", listed), ("reason", reason), ("PIN", pin), ("decided", decided),
                                  ("out of order", outOfOrder), ("one person, one step", twice)] {
                text += "== \(language.rawValue) \(name)\n" + kiosk.view(state, width: 80, height: 24).text + "\n"
            }
            text += "== \(language.rawValue) technologist's recipe change\n" + technologist.view(recipe, width: 80, height: 24).text + "\n"
            text += "== \(language.rawValue) director's re-open with its trail\n" + director.view(trail, width: 80, height: 24).text + "\n"
        }
        try Golden.check(text, file: "inbox.txt")
    }
}
