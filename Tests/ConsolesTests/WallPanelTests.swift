import Consoles
import FactoryCore
import Foundation
import Testing

/// The wall screen: every line with its balance against the limit, a session paused by the
/// VT gate marked, the scales that need someone and the shift's RS-trusted share.
@Suite struct WallPanelTests {
    static let now = Timestamp(parsing: "2026-11-25T08:00:00Z")!

    static let board = WallBoard(lines: [
        .init(workcenter: "E1", session: .init(id: Session.ID(), lot: "P-E1-1", sku: "POL-10"),
              balance: MassBalance(input: Grams(120_000), good: Grams(90_400), wip: Grams(5_000), reworkInLinked: Grams(20_000),
                                   disposedLinked: .zero, outstanding: Grams(4_200))),
        .init(workcenter: "E2", session: .init(id: Session.ID(), lot: "P-E2-7", sku: "POL-12", paused: true, pausedByVT: true),
              balance: MassBalance(input: Grams(200_000), good: Grams(150_000), wip: .zero, reworkInLinked: Grams(10_000),
                                   disposedLinked: .zero, outstanding: Grams(20_000)), openGates: 1),
        .init(workcenter: "E3"),
    ], scales: [.init(code: "scale-RW-OUT-01", silentSeconds: nil, calibrationExpired: false),
                .init(code: "scale-E2-pack-01", silentSeconds: 95, calibrationExpired: false),
                .init(code: "scale-MAIN-01", silentSeconds: 3, calibrationExpired: true)],
        rsTrustedShare: 0.923)

    /// A silent scale (P1), the shift's RS share (P2) already seen, a delta trending up (P3).
    static let alerts = [
        AlertService.Alert(rule: "ingest_silent", severity: .p1, object: "scale-E1-pack-01", valueMilli: 125_000, thresholdMilli: 120_000, raisedAt: now),
        AlertService.Alert(rule: "rs_trusted_ratio", severity: .p2, object: "plant", valueMilli: 92_300, thresholdMilli: 95_000, status: .ack,
                           raisedAt: now),
        AlertService.Alert(rule: "delta_trend", severity: .p3, object: "E2", valueMilli: 1_450, thresholdMilli: 2_000, raisedAt: now),
        AlertService.Alert(rule: "calibration_due", severity: .p3, object: "scale-MAIN-01", valueMilli: 2_500, thresholdMilli: 7_000, raisedAt: now),
    ]

    func lines(_ screen: Screen) -> [String] { screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func aDeltaOverItsLimitIsRedAndAVTPauseIsMarked() throws {
        let panel = WallPanel(chrome: try CatalogueTests.chrome(.en))
        let state = panel.update(.init(now: Self.now), .board(Self.board, now: Self.now)).0
        let screen = panel.view(state, width: 80, height: 24)
        let text = lines(screen)
        #expect(text[3].hasPrefix(" E1     P-E1-1    POL-10   120.000  90.400   5.000     24.600   0.400/1.200 kg"))
        #expect(screen.styles(row: 3).contains("G"), "within its limit")
        #expect(text[4].hasPrefix(" E2     P-E2-7    POL-12   200.000  150.000  0.000     50.000   20.000/2.000 kg"))
        #expect(screen.styles(row: 4).contains("R"), "over its limit")
        #expect(text[5] == "   ⚠ paused by the VT gate: the technologist decides · 1 open gate(s)")
        #expect(text[6].hasPrefix(" E3     —         no session running"))
        #expect(text[21] == " Weighed on RS scales this shift: 92 %")
        // Keys other than the language do nothing: nobody is signed in to a wall.
        #expect(panel.update(state, .input(.key(.named("F2")))).1.isEmpty)
        #expect(panel.update(state, .input(.key(.named("F9")))).1 == [.switchLanguage])
    }

    @Test func theFloorsAlertsStandAboveTheScalesMostUrgentFirst() throws {
        let panel = WallPanel(chrome: try CatalogueTests.chrome(.en))
        let state = panel.update(.init(now: Self.now), .board(Self.board, now: Self.now, alerts: Self.alerts)).0
        let screen = panel.view(state, width: 80, height: 24)
        let text = lines(screen)
        #expect(text[13].hasPrefix(" ⚠ P1 · scale scale-E1-pack-01 has sent nothing for 125 s while its line runs"))
        #expect(text[14].contains("check its cable and power, then call the integrator"), "what to do is read to its end, on a second row")
        #expect(screen.styles(row: 13).allSatisfy { $0 == "R" } && screen.styles(row: 14).allSatisfy { $0 == "R" }, "a P1 is red across the wall")
        #expect(text[15].hasPrefix(" ⚠ P2 (seen) · only 92.3 % of this shift's weighings came from the scales"), "acknowledged, and said so")
        #expect(screen.styles(row: 15).allSatisfy { $0 == "D" }, "what someone has seen steps back")
        #expect(text[17].hasPrefix(" ⚠ P3 · line E2: the delta has grown session after session"))
        #expect(text[18].hasSuffix(" … and 1 more alerts"), "the fourth alert is counted, not hidden")
        #expect(text[6].hasPrefix(" E3     —         no session running"), "the lines keep their place above")
        #expect(text[19].hasPrefix(" Scales to look at"), "the scales' banner keeps its place")
    }

    /// Every state in Uzbek, Russian and English against `Golden/panel.txt`.
    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let panel = WallPanel(chrome: try CatalogueTests.chrome(language))
            let waiting = WallPanel.State(now: Self.now)
            let full = panel.update(waiting, .board(Self.board, now: Self.now)).0
            let calm = panel.update(waiting, .board(WallBoard(lines: [.init(workcenter: "E1")], rsTrustedShare: nil), now: Self.now)).0
            let alarmed = panel.update(waiting, .board(Self.board, now: Self.now, alerts: Self.alerts)).0
            for (name, state) in [("before the first read", waiting), ("a working day", full), ("all quiet", calm), ("alerts open", alarmed)] {
                text += "== \(language.rawValue) \(name)\n" + panel.view(state, width: 80, height: 24).text + "\n"
            }
        }
        try Golden.check(text, file: "panel.txt")
    }
}
