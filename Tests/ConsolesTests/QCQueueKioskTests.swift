import Consoles
import FactoryCore
import Foundation
import Testing

/// The OTK queue: one key decides, the PIN signs, the e-seal shows, the queue moves on.
@Suite struct QCQueueKioskTests {
    static func kiosk(_ language: Locales.Language = .uz) throws -> QCQueueKiosk {
        QCQueueKiosk(chrome: try CatalogueTests.chrome(language))
    }

    static let items = [
        QCQueueKiosk.Item(id: "p1", qrCode: "FG-2026-11-25-000001", sku: "POL-10", weight: "30.000", length: "250.000", degassingPending: false),
        QCQueueKiosk.Item(id: "p2", qrCode: "FG-2026-11-25-000002", sku: "POL-10", weight: "30.200", length: "250.000", degassingPending: true),
    ]

    func lines(_ screen: Screen) -> [String] { screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func okIsOneKeyThenThePinThenEnter() throws {
        let kiosk = try Self.kiosk()
        var state = kiosk.update(.init(user: "otk"), .queue(Self.items)).0
        state = kiosk.update(state, .input(.key(.named("F5")))).0
        #expect(state.signing == .ok)
        for digit in "3301" { state = kiosk.update(state, .input(.key(.character(digit)))).0 }
        let screen = kiosk.view(state, width: 80, height: 24)
        #expect(lines(screen)[17] == " Yaroqli: FG-2026-11-25-000001")
        #expect(lines(screen)[18] == "   Imzo uchun PIN, Enter: ••••", "the PIN never shows")
        let (sent, effects) = kiosk.update(state, .input(.key(.named("Enter"))))
        #expect(effects == [.decide(packageID: "p1", decision: .ok, pin: "3301")])
        #expect(sent.pin.isEmpty && sent.signing == nil)
        let (sealed, reload) = kiosk.update(sent, .sealed(qrCode: "FG-2026-11-25-000001", decision: "ok", eSeal: String(repeating: "ab", count: 32)))
        #expect(reload == [.loadQueue])
        #expect(lines(kiosk.view(sealed, width: 80, height: 24))[20] == " ✔ FG-2026-11-25-000001: Yaroqli · e-muhr abababababababab…")
    }

    /// "21,5" is how many people type 21.5 kg: the OK part's weight takes a decimal comma or
    /// point alike, and so does every kilogram a kiosk asks (the grinder's tare too).
    @Test func theOKWeightTakesADecimalCommaOrPoint() throws {
        let kiosk = try Self.kiosk(.ru)
        var state = kiosk.update(.init(user: "otk"), .queue(Self.items)).0
        state = kiosk.update(state, .input(.key(.named("F4")))).0
        for character in "21,5" { state = kiosk.update(state, .input(.key(.character(character)))).0 }
        #expect(state.okWeight == "21,5")
        #expect(try TypedKilograms.parse(state.okWeight, field: "ok_weight_kg") == Grams(21_500))
        #expect(try TypedKilograms.parse("0.5", field: "tare_kg") == Grams(500))
        for bad in ["2,5,1", "2,5.1", ",", "-1,5"] {
            #expect(throws: FactoryError.self, "\(bad)") { try TypedKilograms.parse(bad, field: "tare_kg") }
        }
    }

    @Test func theQueueListsWithTheSelectionAndDegassingAndScanSelects() throws {
        let kiosk = try Self.kiosk(.en)
        var state = kiosk.update(.init(user: "otk"), .queue(Self.items)).0
        state = kiosk.update(state, .input(.scan("FG-2026-11-25-000002"))).0
        #expect(state.selected == 1)
        let screen = kiosk.view(state, width: 80, height: 24)
        #expect(lines(screen)[2] == "  Packages awaiting QC (2)")
        #expect(lines(screen)[3] == "    FG-2026-11-25-000001 POL-10   30.000   │ FG-2026-11-25-000002",
                "the queue on the left, the chosen package's detail on the right")
        #expect(lines(screen)[4] == "  ▶ FG-2026-11-25-000002 POL-10   30.200 ⧖ │")
        #expect(screen.styles(row: 4).dropFirst(2).first == "I")
        #expect(lines(screen).contains { $0.hasSuffix("│ ⧖ Degassing pending") })
        state = kiosk.update(state, .input(.key(.named("Up")))).0
        #expect(state.selected == 0)
        #expect(kiosk.update(.init(user: "otk"), .input(.key(.named("F5")))).0.signing == nil, "nothing to decide on an empty queue")
    }

    @Test func aRefusalShowsItsGateAndEscCancelsSigning() throws {
        let kiosk = try Self.kiosk()
        var state = kiosk.update(.init(user: "otk"), .queue(Self.items)).0
        state = kiosk.update(state, .input(.key(.named("F6")))).0
        #expect(state.signing == .reject)
        state = kiosk.update(state, .input(.key(.named("Esc")))).0
        #expect(state.signing == nil)
        state = kiosk.update(state, .refused(Failure(FactoryError.gate(.degazGate, "FG-2 waits for degassing")))).0
        let screen = kiosk.view(state, width: 80, height: 24)
        #expect(lines(screen)[20] == " ✘ Degazatsiya kutilmoqda: Rulon hali degazatsiyada: texnolog degazatsiya")
        #expect(screen.styles(row: 20).allSatisfy { $0 == "R" })
    }

    static let lineItems = [
        QCQueueKiosk.Item(id: "p1", qrCode: "FG-2026-11-25-000001", sku: "POL-10", weight: "30.000", length: "250.000", degassingPending: false,
                          workcenter: "E1", lot: "P-E1-1"),
        QCQueueKiosk.Item(id: "p3", qrCode: "FG-2026-11-25-000003", sku: "SET-05", weight: "12.000", length: "500.000", degassingPending: false,
                          workcenter: "E2", lot: "P-E2-7"),
    ]

    static func typed(_ kiosk: QCQueueKiosk, _ state: QCQueueKiosk.State, _ text: String) -> QCQueueKiosk.State {
        text.reduce(state) { kiosk.update($0, .input(.key(.character($1)))).0 }
    }

    @Test func typingNarrowsTheQueueToALineSKUOrLotAndEscClearsIt() throws {
        let kiosk = try Self.kiosk(.en)
        var state = kiosk.update(.init(user: "otk"), .queue(Self.lineItems)).0
        state = Self.typed(kiosk, state, "e2")
        let screen = lines(kiosk.view(state, width: 80, height: 24))
        #expect(screen[2].hasPrefix("  Packages awaiting QC (1)"))
        #expect(screen[2].contains("filter: e2"))
        #expect(screen[3].contains("FG-2026-11-25-000003"), "the E2 roll, found by its line")
        let (_, effects) = kiosk.update(Self.typed(kiosk, kiosk.update(state, .input(.key(.named("F5")))).0, "3301"), .input(.key(.named("Enter"))))
        #expect(effects == [.decide(packageID: "p3", decision: .ok, pin: "3301")], "the decision is for the package shown")
        #expect(kiosk.update(state, .input(.key(.named("Esc")))).0.filter.isEmpty)
        let byLot = lines(kiosk.view(Self.typed(kiosk, kiosk.update(.init(user: "otk"), .queue(Self.lineItems)).0, "P-E1"), width: 80, height: 24))
        #expect(byLot[2].hasPrefix("  Packages awaiting QC (1)") && byLot[3].contains("FG-2026-11-25-000001"), "found by its lot")
    }

    @Test func aPartialAsksTheWeightThatPassesThenTheFindingThenThePin() throws {
        let kiosk = try Self.kiosk()
        var state = kiosk.update(.init(user: "otk"), .queue(Self.lineItems)).0
        state = kiosk.update(state, .input(.key(.named("F4")))).0
        #expect(state.signing == .partial && state.stage == .okWeight)
        #expect(kiosk.update(state, .input(.key(.named("Enter")))).0.stage == .okWeight, "no weight, no next step")
        state = kiosk.update(Self.typed(kiosk, state, "2x1.5"), .input(.key(.named("Enter")))).0
        #expect(state.okWeight == "21.5", "only digits and the point are taken")
        #expect(state.stage == .finding)
        let asking = lines(kiosk.view(state, width: 80, height: 24))
        #expect(asking[17] == " Qisman: FG-2026-11-25-000001 · Yaroqli 21.5 kg / 30.000 kg")
        #expect(asking[18] == "   nima topildi, Enter:")
        state = kiosk.update(Self.typed(kiosk, state, "edge torn"), .input(.key(.named("Enter")))).0
        let (_, effects) = kiosk.update(Self.typed(kiosk, state, "3301"), .input(.key(.named("Enter"))))
        #expect(effects == [.decide(packageID: "p1", decision: .partial, pin: "3301", okWeight: "21.5", finding: "edge torn")])
    }

    @Test func aRejectNeedsWhatWasFound() throws {
        let kiosk = try Self.kiosk(.ru)
        var state = kiosk.update(.init(user: "otk"), .queue(Self.lineItems)).0
        state = kiosk.update(state, .input(.key(.named("F6")))).0
        #expect(state.stage == .finding)
        #expect(kiosk.update(Self.typed(kiosk, state, "  "), .input(.key(.named("Enter")))).0.stage == .finding, "blanks are not a finding")
        state = kiosk.update(Self.typed(kiosk, state, "holes"), .input(.key(.named("Enter")))).0
        #expect(lines(kiosk.view(state, width: 80, height: 24))[18] == "   PIN для подписи, Enter:")
        let (_, effects) = kiosk.update(Self.typed(kiosk, state, "3301"), .input(.key(.named("Enter"))))
        #expect(effects == [.decide(packageID: "p1", decision: .reject, pin: "3301", finding: "holes")])
    }
}

extension QCQueueKioskTests {
    static let detailed = [
        QCQueueKiosk.Item(id: "p1", qrCode: "FG-2026-11-25-000001", sku: "POL-10", weight: "30.400", length: "250.000", degassingPending: false,
                          workcenter: "E1", lot: "P-E1-1",
                          detail: .init(shift: .day, operators: ["op.aziz", "op.bek"], weightFromRS: true, lengthMode: .auto,
                                        norm: "30.000", deviation: "+1.3", tolerance: "2", packedAt: "08:14")),
        QCQueueKiosk.Item(id: "p2", qrCode: "FG-2026-11-25-000002", sku: "POL-10", weight: "31.200", length: "250.000", degassingPending: true,
                          workcenter: "E1", lot: "P-E1-1",
                          detail: .init(shift: .night, operators: ["op.aziz"], weightFromRS: false, lengthMode: .manual,
                                        norm: "30.000", deviation: "+4.0", tolerance: "2", breachLetThrough: true, packedAt: "21:02")),
    ]

    @Test func theDetailShowsWhereTheRollCameFromAndHowItsWeightStandsAgainstTheNorm() throws {
        let kiosk = try Self.kiosk(.en)
        var state = kiosk.update(.init(user: "otk"), .queue(Self.detailed)).0
        var panel = lines(kiosk.view(state, width: 80, height: 24)).map { $0.count > 45 ? String($0.dropFirst(45)) : "" }
        #expect(Array(panel[3...10]) == ["FG-2026-11-25-000001", "E1 · P-E1-1 · day shift", "SKU POL-10", "30.400 kg · RS scale",
                                         "250.000 m · auto", "Norm 30.000 kg +1.3 % (≤ 2 %)", "Operators: op.aziz, op.bek",
                                         "Packed at: 08:14"])
        #expect(kiosk.view(state, width: 80, height: 24).styles(row: 8).dropFirst(45).first == "G", "within tolerance reads green")
        state = kiosk.update(state, .input(.key(.named("Down")))).0
        let screen = kiosk.view(state, width: 80, height: 24)
        panel = lines(screen).map { $0.count > 45 ? String($0.dropFirst(45)) : "" }
        #expect(panel[6] == "31.200 kg · typed" && screen.styles(row: 6).dropFirst(45).first == "W", "a typed weight stands out")
        #expect(panel[7] == "250.000 m · typed")
        #expect(Array(panel[8...11]) == ["Norm 30.000 kg +4.0 % (≤ 2 %)", "out of tolerance, let through by",
                                          "the shop head", "⧖ Degassing pending"], "a long line wraps at a word inside the column")
    }

    /// A deviation reads with its sign and one decimal, a limit without trailing zeros.
    @Test func aDeviationShowsWhichWayAndHowMuch() {
        #expect(PercentText.signed(Percent(units: 14_961), below: true) == "−15.0")
        #expect(PercentText.signed(Percent(units: 1_334), below: false) == "+1.3")
        #expect(PercentText.signed(Percent(units: 49), below: true) == "0.0", "no sign on nothing")
        #expect(PercentText.limit(Percent(units: 2_000)) == "2" && PercentText.limit(Percent(units: 1_500)) == "1.5")
    }

    /// Every OTK state in Uzbek and Russian against `Golden/otk.txt` (GOLDEN_RECORD=1 rewrites it).
    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = try Self.kiosk(language)
            let queue = kiosk.update(.init(user: "otk"), .queue(Self.detailed)).0
            let strange = kiosk.update(queue, .input(.scan("FG-2026-11-25-000099"))).0
            let help = kiosk.update(queue, .input(.key(.named("F1")))).0
            let ok = Self.typed(kiosk, kiosk.update(queue, .input(.key(.named("F5")))).0, "33")
            let partialWeight = Self.typed(kiosk, kiosk.update(queue, .input(.key(.named("F4")))).0, "21.5")
            let partialFinding = Self.typed(kiosk, kiosk.update(partialWeight, .input(.key(.named("Enter")))).0, "edge torn")
            let reject = Self.typed(kiosk, kiosk.update(queue, .input(.key(.named("F6")))).0, "holes")
            let sealed = kiosk.update(queue, .sealed(qrCode: "FG-2026-11-25-000001", decision: "ok", eSeal: String(repeating: "ab", count: 32))).0
            let split = kiosk.update(queue, .sealed(qrCode: "FG-2026-11-25-000001", decision: "partial", eSeal: String(repeating: "cd", count: 32),
                                                    okPart: .init(qrCode: "FG-2026-11-25-000007", weight: "21.500"))).0
            let unprinted = kiosk.update(queue, .sealed(qrCode: "FG-2026-11-25-000001", decision: "partial", eSeal: String(repeating: "cd", count: 32),
                                                        okPart: .init(qrCode: "FG-2026-11-25-000007", weight: "21.500", printProblem: "paper out"))).0
            let refused = kiosk.update(queue, .refused(Failure(FactoryError.gate(.degazGate, "FG-2026-11-25-000002 waits for degassing")))).0
            let filtered = Self.typed(kiosk, queue, "e9")
            let empty = kiosk.update(.init(user: "otk"), .queue([])).0
            for (name, state) in [("queue", queue), ("ok pin", ok), ("partial weight", partialWeight), ("partial finding", partialFinding),
                                  ("reject finding", reject), ("sealed", sealed), ("split with its new label", split),
                                  ("split, label not printed", unprinted), ("refused", refused), ("filtered to nothing", filtered),
                                  ("empty", empty), ("a scan not in the queue", strange), ("help", help)] {
                text += "== \(language.rawValue) \(name)\n" + kiosk.view(state, width: 80, height: 24).text + "\n"
            }
        }
        try Golden.check(text, file: "otk.txt")
    }
}
