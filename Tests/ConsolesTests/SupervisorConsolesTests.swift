@testable import Consoles
@testable import FactoryCore
import Foundation
import Testing

/// The supervisors' consoles: the board of lines and sessions, the session form with its
/// gate lights, a session's card with its work and decisions, the technologist's gates.
/// Every screen against its golden text in three languages; key scripts against doubles that
/// fail on any call a test did not set up.
@Suite struct SupervisorConsolesTests {
    static let now = Timestamp(parsing: "2026-11-25T08:00:00Z")!
    static let recipe = RecipeSnapshot(recipeID: "r1", version: 3, vtLimit: .whole(35), lines: [
        .init(material: "PVD-PE", component: .perv, ratio: nil), .init(material: "VT-PE", component: .vt, ratio: nil)])
    static let e1 = Session.ID("0193a5b0-0000-7000-8000-000000000001")!
    static let e2 = Session.ID("0193a5b0-0000-7000-8000-000000000002")!

    static func session(_ id: Session.ID = e1, status: SessionStatus = .opened, pauseReason: String? = nil) -> Session {
        Session(id: id, workcenter: "E1", sku: "POL-10", partiyaNo: "P-1205", shift: .day, status: status, pauseReason: pauseReason,
                startedAt: now, operators: ["op.aziz", "op.dilshod"], recipe: recipe)
    }

    static let over = MassBalance(input: Grams(200_000), good: Grams(150_000), wip: Grams(5_000), reworkInLinked: Grams(20_000),
                                  disposedLinked: .zero, outstanding: Grams(17_000))
    static let within = MassBalance(input: Grams(120_000), good: Grams(90_400), wip: Grams(5_000), reworkInLinked: Grams(20_000),
                                    disposedLinked: .zero, outstanding: Grams(4_200))

    static let board = SessionBoard(freeLines: ["E3"], sessions: [
        .init(id: e1, workcenter: "E1", sku: "POL-10", lot: "P-1205", status: .opened, balance: within),
        .init(id: e2, workcenter: "E2", sku: "POL-12", lot: "P-1206", status: .paused, pausedByVT: true, balance: over, openGates: 1),
        .init(id: Session.ID(), workcenter: "E1", sku: "POL-10", lot: "P-1204", status: .closed, balance: within),
    ])

    static func chrome(_ language: Locales.Language) throws -> Chrome { try CatalogueTests.chrome(language) }

    static func keys(_ text: String) -> [KeyInput] { text.map { .key(.character($0)) } }
    static func press(_ names: String...) -> [KeyInput] { names.map { .key(.named($0)) } }

    // MARK: The board

    @Test func theBoardOpensARunningSessionStartsOnAFreeLineAndGoesToTheInbox() throws {
        let kiosk = SessionBoardKiosk(chrome: try Self.chrome(.en))
        let listed = kiosk.update(.init(user: "sexboshligi"), .board(Self.board, waiting: 2)).0
        #expect(kiosk.rows(listed).map { row -> String in
            switch row {
            case .free(let line): "free \(line)"
            case .session(let entry): "\(entry.workcenter) \(entry.lot)"
            }
        } == ["E1 P-1205", "E2 P-1206", "free E3", "E1 P-1204"], "lines first, then the sessions closed lately")
        #expect(kiosk.update(listed, .input(.key(.named("Enter")))).1 == [.open(Self.e1)])
        let free = kiosk.update(kiosk.update(listed, .input(.key(.named("Down")))).0, .input(.key(.named("Down")))).0
        #expect(kiosk.update(free, .input(.key(.named("Enter")))).1 == [.start(workcenter: "E3")])
        #expect(kiosk.update(listed, .input(.key(.named("F11")))).1 == [.inbox])
        #expect(kiosk.update(listed, .input(.key(.named("F7")))).1 == [.gates], "the shop head's gates and held rolls")
        let director = SessionBoardKiosk(chrome: try Self.chrome(.en), mode: .worstFirst)
        let worst = director.update(.init(user: "direktor"), .board(Self.board, waiting: 0)).0
        #expect(director.update(worst, .input(.key(.named("Enter")))).1 == [.open(Self.e2)], "the director's board puts the worst delta first")
        #expect(director.rows(worst).count == 3, "no free lines on the director's board")
    }

    @Test func everyBoardScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let chrome = try Self.chrome(language)
            let lines = SessionBoardKiosk(chrome: chrome)
            let listed = lines.update(.init(user: "sexboshligi"), .board(Self.board, waiting: 2)).0
            let worst = SessionBoardKiosk(chrome: chrome, mode: .worstFirst)
            let alerted = lines.update(.init(user: "sexboshligi"), .board(Self.board, waiting: 2, alerts: Array(WallPanelTests.alerts.prefix(2)))).0
            for (name, screen) in [("lines", lines.view(listed, width: 80, height: 24)),
                                   ("keys", lines.view(lines.update(listed, .input(.key(.named("F5")))).0, width: 80, height: 24)),
                                   ("alerts for the shop head", lines.view(alerted, width: 80, height: 24)),
                                   ("worst first", worst.view(worst.update(.init(user: "direktor"), .board(Self.board, waiting: 1)).0, width: 80, height: 24))] {
                text += "== \(language.rawValue) \(name)\n\(screen.text)\n"
            }
        }
        try Golden.check(text, file: "board.txt")
    }

    // MARK: The session form

    final class Starts: SessionStartClient, @unchecked Sendable {
        var made: [String] = []
        var onStart: ((String) -> SessionStartKiosk.Event)?
        func choices() -> SessionStartKiosk.Event { Issue.record("unexpected choices()"); return .refused(Failure(FactoryError.notFound("x", "y"))) }
        func preflight(sku: String, operators: [String]) -> SessionStartKiosk.Event {
            made.append("preflight \(sku) \(operators.joined(separator: ","))")
            return .preflight(.init(recipe: SupervisorConsolesTests.recipe, running: nil, twoExtruders: .clear,
                                    qualification: operators.contains("op.dilshod") ? .held(operator: "op.dilshod") : .clear))
        }
        func start(sku: String, lot: String, shift: Shift, operators: [String], pin: String) -> SessionStartKiosk.Event {
            made.append("start \(sku) \(lot) \(shift.rawValue) \(operators.joined(separator: ",")) \(pin)")
            guard let onStart else { Issue.record("unexpected start"); return .started(SupervisorConsolesTests.e1) }
            return onStart(pin)
        }
    }

    static func chosen(_ kiosk: SessionStartKiosk) -> SessionStartKiosk.State {
        kiosk.update(.init(user: "sexboshligi", workcenter: "E3"),
                     .choices(.init(skus: ["POL-10", "POL-12"], operators: ["op.aziz", "op.dilshod"]), shift: .night)).0
    }

    @Test func aSessionIsStartedFromTheFormWithItsLightsAndThePIN() throws {
        let kiosk = SessionStartKiosk(chrome: try Self.chrome(.en))
        let starts = Starts()
        starts.onStart = { _ in .started(Self.e1) }
        var left: ConsolePage?
        var state = Self.chosen(kiosk)
        #expect(state.shift == .night, "the shift of the plant's clock comes preset")
        let inputs = Self.press("Down", "Tab") + Self.keys("P-1207") + Self.press("Tab", "Tab", "Down", "Down", "Tab", "Enter") + Self.keys("2201")
            + Self.press("Enter")
        for input in inputs {
            let (next, effects) = kiosk.update(state, .input(input))
            state = next
            for effect in effects {
                switch ShopHeadConsole.handle(effect, starts) {
                case .stay(let answers): for answer in answers { state = kiosk.update(state, answer).0 }
                case .open(let page): left = page
                default: break
                }
            }
        }
        #expect(starts.made == ["preflight POL-10 ", "preflight POL-10 op.dilshod", "start POL-10 P-1207 night op.dilshod 2201"])
        #expect(state.preflight?.qualification == .held(operator: "op.dilshod"), "the light was lit before Start")
        #expect(left == .session(Self.e1), "a started session opens its card")
        let empty = kiosk.update(Self.chosen(kiosk), .input(.key(.named("Enter")))).0
        #expect(empty.notice == Notice("kiosk.start.sku_needed") && empty.prompt == nil)
        #expect(kiosk.update(Self.chosen(kiosk), .input(.key(.named("Esc")))).1 == [.back])
    }

    @Test func everyFormScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = SessionStartKiosk(chrome: try Self.chrome(language))
            var filled = Self.chosen(kiosk)
            (filled.sku, filled.lot, filled.operators, filled.focus) = ("POL-10", "P-1207", ["op.aziz", "op.dilshod"], .secondOperator)
            let lit = kiosk.update(filled, .preflight(.init(recipe: Self.recipe, running: nil, twoExtruders: .clear,
                                                            qualification: .held(operator: "op.dilshod")))).0
            let noRecipe = kiosk.update(filled, .preflight(.init(recipe: nil, running: Self.e2, twoExtruders: .held(operator: "op.aziz"),
                                                                 qualification: .unknown))).0
            let signing = kiosk.update(lit, .input(.key(.named("Enter")))).0
            let refused = kiosk.update(lit, .refused(Failure(FactoryError.gate(.e3Qualification, "not qualified",
                                                                               details: ["operator": "op.dilshod", "workcenter": "E3"])))).0
            for (name, state) in [("empty", Self.chosen(kiosk)), ("lit", lit), ("no recipe", noRecipe), ("signing", signing), ("refused", refused)] {
                text += "== \(language.rawValue) \(name)\n\(kiosk.view(state, width: 80, height: 24).text)\n"
            }
        }
        try Golden.check(text, file: "start.txt")
    }

    // MARK: A session

    final class Work: SessionClient, @unchecked Sendable {
        var made: [String] = []
        var answers: [String: SessionKiosk.Event] = [:]
        func answer(_ call: String, _ key: String) -> SessionKiosk.Event {
            made.append(call)
            guard let answer = answers[key] else { Issue.record("unexpected \(call)"); return .batches([]) }
            return answer
        }
        func card() -> SessionKiosk.Event { answer("card", "card") }
        func feed(scale: String, material: String, batch: String) -> SessionKiosk.Event { answer("feed \(scale) \(material) \(batch)", "feed") }
        func batches(material: String) -> SessionKiosk.Event { answer("batches \(material)", "batches") }
        func scrap(scale: String, tare: String, seal: String) -> SessionKiosk.Event { answer("scrap \(scale) \(tare) \(seal)", "scrap") }
        func decide(_ decision: SessionKiosk.Decision, note: String, pin: String) -> SessionKiosk.Event {
            answer("decide \(decision) \(note) \(pin)", "decide")
        }
        func investigate() -> SessionKiosk.Event { answer("investigate", "investigate") }
    }

    static func card(_ status: SessionStatus = .opened, balance: MassBalance = within, pending: Int = 0, gates: [GateType] = [],
                     pauseReason: String? = nil, versions: [Int64] = []) -> SessionKiosk.Card {
        .init(session: session(status: status, pauseReason: pauseReason), preview: .init(balance: balance, pendingPackages: pending), openGates: gates,
              recipeVersions: versions)
    }

    static func opened(_ kiosk: SessionKiosk, _ card: SessionKiosk.Card = card()) -> SessionKiosk.State {
        kiosk.update(.init(user: "sexboshligi", canSteer: true, shopScale: "scale-SHOP-01", lineScale: "scale-E1-pack-01"), .card(card)).0
    }

    @Test func materialIsFedWithTheOldestBatchAndTheSessionClosesOnlyWithThePIN() throws {
        let kiosk = SessionKiosk(chrome: try Self.chrome(.en))
        let work = Work()
        work.answers = ["batches": .batches(["B-1", "B-2"]), "feed": .fed(Grams(25_000), vtShare: .zero, gateOpened: false), "card": .card(Self.card()),
                        "decide": .refused(Failure(FactoryError.conflict("delta_exceeded", "off", details: ["delta_kg": "20.000", "limit_kg": "2.000"])))]
        let inputs = Self.press("F2") + Self.keys("PVD-PE") + Self.press("F11", "Down", "Enter", "Esc") + Self.press("F7", "Enter") + Self.keys("2201")
            + Self.press("Enter")
        let (state, left) = ConsoleClientTests.drive(kiosk, Self.opened(kiosk), inputs) { SupervisorConsole.handle($0, work, home: .board) }
        #expect(!left)
        #expect(work.made == ["batches PVD-PE", "feed scale-SHOP-01 PVD-PE B-2", "card", "decide close  2201"],
                "the SHOP scale preset, the oldest batch picked then the next chosen, the form open for the next bag until Esc; an empty Enter at the PIN signs nothing")
        #expect(state.outcome == .refused(Failure(FactoryError.conflict("delta_exceeded", "off", details: ["delta_kg": "20.000", "limit_kg": "2.000"]))))
        let screen = kiosk.view(state, width: 80, height: 24).text
        #expect(screen.contains("20.000") && screen.contains("2.000"), "a refused close shows the numbers")
        // The director looks: no key changes the session.
        let look = kiosk.update(.init(user: "direktor", canSteer: false), .card(Self.card())).0
        #expect(kiosk.update(look, .input(.key(.named("F7")))).0.notice == Notice("kiosk.session.look_only"))
        #expect(kiosk.update(look, .input(.key(.named("Esc")))).1 == [.back])
    }

    @Test func aClosedSessionAsksItsReOpenWithAReasonAndThePIN() throws {
        let kiosk = SessionKiosk(chrome: try Self.chrome(.en))
        let work = Work()
        work.answers = ["decide": .decided(.reopen), "card": .card(Self.card(.closed))]
        let inputs = Self.press("F6", "Enter") + Self.keys("late count") + Self.press("Enter") + Self.keys("2201") + Self.press("Enter")
        let (state, _) = ConsoleClientTests.drive(kiosk, Self.opened(kiosk, Self.card(.closed)), inputs) { SupervisorConsole.handle($0, work, home: .board) }
        #expect(work.made == ["decide reopen late count 2201", "card"])
        #expect(state.outcome == .decided(.reopen))
        #expect(kiosk.update(Self.opened(kiosk, Self.card(.closed)), .input(.key(.named("F2")))).0.notice == Notice("kiosk.session.keys"),
                "a closed session takes no material")
    }

    @Test func aRunningSessionAsksTheTechnologistForAnotherRecipeVersion() throws {
        let kiosk = SessionKiosk(chrome: try Self.chrome(.en))
        let work = Work()
        let card = Self.card(versions: [4, 2])
        work.answers = ["decide": .decided(.recipeChange(version: 4)), "card": .card(card)]
        let inputs = Self.press("F12") + Self.keys("VT lot short") + Self.press("Enter") + Self.keys("2201") + Self.press("Enter")
        let (state, _) = ConsoleClientTests.drive(kiosk, Self.opened(kiosk, card), inputs) { SupervisorConsole.handle($0, work, home: .board) }
        #expect(work.made == ["decide recipeChange(version: 4) VT lot short 2201", "card"], "the newest other version, a reason, the PIN")
        #expect(kiosk.view(state, width: 80, height: 24).text.contains("Recipe v4 asked"))
        #expect(kiosk.update(Self.opened(kiosk), .input(.key(.named("F12")))).0.notice == Notice("kiosk.session.no_other_recipe"),
                "no other published version: the technologist publishes one first")
        #expect(kiosk.update(Self.opened(kiosk, Self.card(.closed, versions: [4])), .input(.key(.named("F12")))).0.notice == Notice("kiosk.session.keys"),
                "a closed session keeps its recipe")
        let paused = Self.opened(kiosk, Self.card(.paused, gates: [.vtLimit], pauseReason: "vt_limit", versions: [4]))
        #expect(kiosk.update(paused, .input(.key(.named("F2")))).0.notice == Notice("kiosk.session.keys"), "a paused line takes no material")
        #expect(kiosk.update(paused, .input(.key(.named("F12")))).0.mode == .sign(.recipeChange(version: 4)),
                "a VT pause may be answered by another recipe version")
    }

    @Test func everySessionScreenMatchesItsGoldenText() throws {
        let investigation = Investigation(balance: Self.over, pendingPackages: 0,
                                          inputs: [.init(material: "PVD-PE", quantity: Grams(200_000), at: Self.now)], wip: [],
                                          packages: [.init(qrCode: "FG-2026-11-25-000001", status: .qcOK, weight: Grams(75_000), weightTrusted: true,
                                                           scaleEventID: "0193a5b0-aaaa"),
                                                     .init(qrCode: "FG-2026-11-25-000002", status: .qcOK, weight: Grams(75_000), weightTrusted: false,
                                                           scaleEventID: nil)],
                                          scrap: [.init(source: .container, sealNo: "S-77", net: Grams(17_000), linked: .zero)])
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = SessionKiosk(chrome: try Self.chrome(language))
            let opened = Self.opened(kiosk)
            var feeding = kiosk.update(opened, .input(.key(.named("F2")))).0
            feeding.fields[1] = "PVD-PE"
            feeding = kiosk.update(feeding, .batches(["B-1", "B-2"])).0
            let scrap = kiosk.update(opened, .input(.key(.named("F3")))).0
            let closing = kiosk.update(opened, .input(.key(.named("F7")))).0
            let refused = kiosk.update(Self.opened(kiosk, Self.card(balance: Self.over)),
                                       .refused(Failure(FactoryError.conflict("delta_exceeded", "off", details: ["delta_kg": "8.000", "limit_kg": "2.000"])))).0
            let vtPaused = kiosk.update(Self.opened(kiosk, Self.card(.paused, gates: [.vtLimit], pauseReason: "vt_limit")),
                                        .fed(Grams(40_000), vtShare: .whole(40), gateOpened: true)).0
            let pending = kiosk.update(Self.opened(kiosk, Self.card(pending: 2)), .decided(.close)).0
            let drill = kiosk.update(opened, .investigation(investigation)).0
            let reopen = kiosk.update(Self.opened(kiosk, Self.card(.closed)), .input(.key(.named("F6")))).0
            let recipe = kiosk.update(Self.opened(kiosk, Self.card(versions: [4])), .input(.key(.named("F12")))).0
            let recipeAsked = kiosk.update(Self.opened(kiosk, Self.card(versions: [4])), .decided(.recipeChange(version: 4))).0
            for (name, state) in [("opened", opened), ("feeding", feeding), ("scrap", scrap), ("closing", closing), ("refused close", refused),
                                  ("vt paused", vtPaused), ("pending", pending), ("drill", drill), ("re-open", reopen),
                                  ("recipe change", recipe), ("recipe change asked", recipeAsked)] {
                text += "== \(language.rawValue) \(name)\n\(kiosk.view(state, width: 80, height: 24).text)\n"
            }
        }
        try Golden.check(text, file: "session.txt")
    }

    // MARK: The technologist's gates

    static let held = GateLog.Held(record: GateRecord(id: GateRecord.ID(), gateType: .vtLimit, objectType: "session", objectID: e2.text, ts: now,
                                                      note: "VT share 40.000 % is over the recipe's 35.000 %"),
                                   about: "E2 · P-1206", vtShare: .whole(40), vtLimit: .whole(35), input: Grams(100_000))

    final class Gates: GatesClient, @unchecked Sendable {
        var made: [String] = []
        func gates() -> GatesKiosk.Event { made.append("gates"); return .items([]) }
        func release(_ gate: GateRecord.ID, note: String, pin: String) -> GatesKiosk.Event {
            made.append("release \(note) \(pin)")
            return .released("E2 · P-1206")
        }
        func degassing(_ target: String, pin: String) -> GatesKiosk.Event {
            made.append("degassing \(target) \(pin)")
            return .degassed(target, count: 3)
        }
    }

    @Test func theTechnologistReleasesWithANoteAndMarksALotDegassed() throws {
        let kiosk = GatesKiosk(chrome: try Self.chrome(.en))
        let gates = Gates()
        let listed = kiosk.update(.init(user: "texnolog"), .items([Self.held])).0
        let inputs = Self.press("F5", "Enter") + Self.keys("recipe allows it this lot") + Self.press("Enter") + Self.keys("5501") + Self.press("Enter")
            + Self.keys("P-1206") + Self.press("Enter") + Self.keys("5501") + Self.press("Enter")
        let (state, _) = ConsoleClientTests.drive(kiosk, listed, inputs) { GatesPage.handle($0, gates, home: .gates) }
        #expect(gates.made == ["release recipe allows it this lot 5501", "gates", "degassing P-1206 5501", "gates"],
                "a note first (an empty Enter asks for it), then the PIN")
        #expect(state.outcome == .degassed("P-1206", count: 3))
        let scanned = kiosk.update(listed, .input(.scan("FG-2026-11-25-000007"))).0
        #expect(scanned.signing == .degassing("FG-2026-11-25-000007"))
        #expect(kiosk.update(.init(user: "texnolog"), .input(.key(.named("F5")))).0.notice == Notice("kiosk.gates.nothing_open"))
        #expect(kiosk.update(listed, .input(.key(.named("F11")))).1 == [.inbox])
    }

    static let heldRoll = GateLog.Held(record: GateRecord(id: GateRecord.ID(), gateType: .qrDuplicate, objectType: "package",
                                                          objectID: UUID().uuidString, ts: now, note: "second label"),
                                       about: "FG-2026-11-25-000007")

    @Test func theShopHeadReleasesAHeldRollAndGoesBackToTheBoard() throws {
        let kiosk = GatesKiosk(chrome: try Self.chrome(.uz), station: .shophead)
        let gates = Gates()
        let listed = kiosk.update(.init(user: "sexboshligi"), .items([Self.heldRoll])).0
        let inputs = Self.press("F5") + Self.keys("second label destroyed") + Self.press("Enter") + Self.keys("2201") + Self.press("Enter")
        let (state, _) = ConsoleClientTests.drive(kiosk, listed, inputs) { GatesPage.handle($0, gates, home: .board) }
        #expect(gates.made == ["release second label destroyed 2201", "gates"])
        #expect(state.outcome == .released("E2 · P-1206"))
        #expect(kiosk.update(listed, .input(.key(.named("Esc")))).1 == [.back], "Esc with nothing typed goes back")
        if case .open(let page) = GatesPage.handle(.back, gates, home: .board) { #expect(page == .board) } else { Issue.record("Esc stays") }
        let typed = kiosk.update(listed, .input(.key(.character("P")))).0
        #expect(kiosk.update(typed, .input(.key(.named("Esc")))).0.lot.isEmpty && kiosk.update(typed, .input(.key(.named("Esc")))).1.isEmpty,
                "Esc first clears a lot being typed")
        #expect(kiosk.view(listed, width: 80, height: 24).text.contains("Sex boshlig‘i"))
    }

    @Test func everyGatesScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = GatesKiosk(chrome: try Self.chrome(language))
            let listed = kiosk.update(.init(user: "texnolog"), .items([Self.held])).0
            let releasing = kiosk.update(listed, .input(.key(.named("F5")))).0
            let released = kiosk.update(listed, .released("E2 · P-1206")).0
            let degassing = kiosk.update(listed, .input(.scan("FG-2026-11-25-000007"))).0
            let refused = kiosk.update(listed, .refused(Failure(FactoryError.conflict("degassing_not_pending", "none",
                                                                                     details: ["partiya_no": "P-9"])))).0
            for (name, state) in [("empty", GatesKiosk.State(user: "texnolog")), ("listed", listed), ("releasing", releasing), ("released", released),
                                  ("degassing", degassing), ("refused", refused)] {
                text += "== \(language.rawValue) \(name)\n\(kiosk.view(state, width: 80, height: 24).text)\n"
            }
            let shopHead = GatesKiosk(chrome: try Self.chrome(language), station: .shophead)
            let held = shopHead.update(.init(user: "sexboshligi"), .items([Self.heldRoll])).0
            let alreadyReleased = shopHead.update(held, .refused(Failure(FactoryError.conflict("already_released", "released")))).0
            for (name, state) in [("shop head's held roll", held), ("shop head's held roll released by someone else", alreadyReleased)] {
                text += "== \(language.rawValue) \(name)\n\(shopHead.view(state, width: 80, height: 24).text)\n"
            }
        }
        try Golden.check(text, file: "gates.txt")
    }
}
