import FactoryCore
import Foundation

/// The shop floor's wall screen (no sign-in, read-only): per line the running session's
/// balance against its limit and its open gates, a session paused by the VT gate marked, the
/// scales that need someone, the floor's open alerts, and the RS-trusted share of the shift. It redraws as the facts
/// change; F9 switches the language.
public struct WallPanel: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) {
        self.chrome = chrome
    }

    public struct State: Sendable, Equatable {
        public var board: WallBoard?
        public var now: Timestamp
        /// The floor's open alerts (those that concern the shop head), most urgent first.
        public var alerts: [AlertService.Alert] = []

        public init(board: WallBoard? = nil, now: Timestamp) {
            self.board = board
            self.now = now
        }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case board(WallBoard, now: Timestamp, alerts: [AlertService.Alert] = [])
    }

    public enum Effect: Sendable, Equatable {
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        switch event {
        case .board(let board, let now, let alerts):
            state.board = board
            state.now = now
            state.alerts = alerts
        case .input(.key(.named(let name))) where chrome.keymap.action(for: name) == .switchLanguage:
            return (state, [.switchLanguage])
        case .input:
            break
        }
        return (state, [])
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.panel.title"), user: nil, width: width, height: height, actions: [.switchLanguage])
        guard let board = state.board else {
            screen.put(words.text("kiosk.busy"), row: 2, column: 2, style: .dim)
            return screen
        }
        let head = [words.text("kiosk.panel.line"), words.text("field.lot"), words.text("field.sku"), words.text("kiosk.panel.input"),
                    words.text("kiosk.panel.good"), words.text("kiosk.panel.wip"), words.text("kiosk.panel.scrap"), words.text("kiosk.panel.delta")]
        screen.put(Self.row(head), row: 2, column: 1, style: .dim)
        let alertRows = Chrome.alertRows(state.alerts, most: 3)
        var row = 3
        for line in board.lines where row < height - 6 - alertRows {
            guard let session = line.session, let balance = line.balance else {
                screen.put(Self.row([line.workcenter, "—"]) + words.text("kiosk.panel.idle"), row: row, column: 1, style: .dim)
                row += 1
                continue
            }
            let figures = [balance.input, balance.good, balance.wip, balance.scrapExpected].map(\.decimalText)
            let delta = "\(balance.delta.decimalText)/\(balance.limit.decimalText) \(words.text("unit.kg"))"
            screen.put(Self.row([line.workcenter, session.lot, session.sku] + figures + [delta]), row: row, column: 1)
            screen.put(delta.padding(toLength: 18, withPad: " ", startingAt: 0), row: row, column: 1 + Self.deltaColumn,
                       style: balance.gateOK ? .good : .bad)
            var marks: [String] = []
            if session.pausedByVT { marks.append(words.text("kiosk.panel.paused_vt")) } else if session.paused {
                marks.append(words.text("kiosk.panel.paused"))
            }
            if line.openGates > 0 { marks.append(words.text("kiosk.panel.gates", filling: ["n": String(line.openGates)])) }
            if !marks.isEmpty {
                row += 1
                screen.put("  ⚠ " + marks.joined(separator: " · "), row: row, column: 1, style: .warn)
            }
            row += 1
        }
        chrome.draw(state.alerts, on: &screen, row: height - 5 - alertRows, rows: alertRows)
        let care = board.scales.map { scale -> String in
            let why = scale.calibrationExpired ? words.text("kiosk.panel.calibration")
                : scale.silentSeconds.map { words.text("kiosk.panel.silent", filling: ["seconds": String($0)]) } ?? words.text("kiosk.panel.never")
            return "\(scale.code) (\(why))"
        }
        let scales = care.isEmpty ? words.text("kiosk.panel.scales_ok") : "\(words.text("kiosk.panel.scales")): " + care.joined(separator: ", ")
        screen.banner(" " + scales, row: height - 5, rows: 2, style: care.isEmpty ? .good : .warn)
        let share = board.rsTrustedShare.map { "\(Int(($0 * 100).rounded(.down))) %" } ?? "—"
        screen.put(" \(words.text("kiosk.panel.rs_share")): \(share)", row: height - 3, style: (board.rsTrustedShare ?? 1) >= 0.95 ? .normal : .warn)
        return screen
    }

    /// Column widths of the board: line, lot, SKU, four weights, and the delta against its limit.
    static let widths = [7, 10, 9, 9, 9, 10, 9]
    static var deltaColumn: Int { widths.reduce(0, +) }

    static func row(_ cells: [String]) -> String { Columns.row(cells, widths: widths) }
}
