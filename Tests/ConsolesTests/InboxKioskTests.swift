@testable import Consoles
import FactoryCore
import Foundation
import Testing

/// The shop head's approvals inbox: choose, approve or reject with a reason, sign with the PIN.
@Suite struct InboxKioskTests {
    static func kiosk(_ language: Locales.Language) throws -> InboxKiosk { InboxKiosk(chrome: try CatalogueTests.chrome(language)) }

    static let items = [
        InboxKiosk.Item(id: "a1", type: .reviewTolerance, about: "FG-2026-11-25-000002", weight: "30.900", length: "250.000", requestedBy: "op.aziz",
                        reason: "thicker edge, the customer accepts"),
        InboxKiosk.Item(id: "a2", type: .reopenSession, step: "1/3", about: "E1 · P-E1-1", objectType: "session", requestedBy: "sexboshligi", reason: "late count",
                        balance: MassBalance(input: Grams(40_000), good: .zero, wip: .zero, reworkInLinked: .zero, disposedLinked: .zero,
                                             outstanding: Grams(40_000))),
    ]

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
            for (name, state) in [("empty", empty), ("listed", listed), ("reason", reason), ("PIN", pin), ("decided", decided),
                                  ("out of order", outOfOrder), ("one person, one step", twice)] {
                text += "== \(language.rawValue) \(name)\n" + kiosk.view(state, width: 80, height: 24).text + "\n"
            }
        }
        try Golden.check(text, file: "inbox.txt")
    }
}
