import FactoryCore
import Foundation

/// The supervisors' board of sessions: for the shop head each line with its running session or
/// free, then the sessions closed lately; Enter opens a session or, on a free line, the session
/// form. For the director the same sessions worst delta first, to look into. F11 goes to the
/// approvals inbox, F8 to the reports.
public struct SessionBoardKiosk: Kiosk {
    public enum Mode: Sendable, Equatable {
        /// The shop head's: lines first, a free line starts a session.
        case lines
        /// The director's: every session, the delta that uses most of its limit first.
        case worstFirst
    }

    public let chrome: Chrome
    public let mode: Mode

    public init(chrome: Chrome, mode: Mode = .lines) {
        self.chrome = chrome
        self.mode = mode
    }

    /// One row of the board.
    public enum Row: Sendable, Equatable {
        case free(workcenter: String)
        case session(SessionBoard.Entry)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var board: SessionBoard?
        /// Approvals waiting for this person's step.
        public var waiting = 0
        /// The open alerts that concern this person, most urgent first.
        public var alerts: [AlertService.Alert] = []
        public var selected = 0
        public var failure: Failure?
        public var notice: Notice?

        public init(user: String) { self.user = user }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case board(SessionBoard, waiting: Int, alerts: [AlertService.Alert] = [])
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case load
        case start(workcenter: String)
        case open(Session.ID)
        case inbox
        /// The shop head's open gates and held rolls.
        case gates
        /// The reports page: the shop head's shift sheet, the director's every report.
        case reports
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func rows(_ state: State) -> [Row] {
        guard let board = state.board else { return [] }
        switch mode {
        case .lines:
            let running = board.sessions.filter { $0.status != .closed }
            let lines = (running.map(\.workcenter) + board.freeLines).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
            return lines.flatMap { line in
                let here = running.filter { $0.workcenter == line }
                return here.isEmpty ? [Row.free(workcenter: line)] : here.map(Row.session)
            } + board.sessions.filter { $0.status == .closed }.map(Row.session)
        case .worstFirst:
            return board.worstFirst.map(Row.session)
        }
    }

    var actions: [KioskAction] {
        mode == .lines ? [.help, .gates, .list, .export, .switchLanguage, .logout] : [.help, .list, .export, .switchLanguage, .logout]
    }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .board(let board, let waiting, let alerts):
            state.board = board
            state.waiting = waiting
            state.alerts = alerts
            state.failure = nil
            state.selected = min(state.selected, max(0, rows(state).count - 1))
        case .refused(let failure):
            state.failure = failure
        case .input(.scan):
            state.notice = Notice("kiosk.notice.scan_not_used_board")
        case .input(.key(.named(let name))):
            let rows = rows(state)
            switch (name, chrome.keymap.action(for: name, offered: actions + [.confirm])) {
            case ("Up", _): state.selected = max(0, state.selected - 1)
            case ("Down", _): state.selected = min(max(0, rows.count - 1), state.selected + 1)
            case (_, .confirm):
                guard rows.indices.contains(state.selected) else {
                    state.notice = Notice("kiosk.board.nothing_here")
                    break
                }
                switch rows[state.selected] {
                case .free(let workcenter) where mode == .lines: return (state, [.start(workcenter: workcenter)])
                case .free: break
                case .session(let entry): return (state, [.open(entry.id)])
                }
            case (_, .list): return (state, [.inbox])
            case (_, .gates): return (state, [.gates])
            case (_, .export): return (state, [.reports])
            case (_, .help): state.notice = .help(mode == .lines ? "board" : "delta_board")
            case (_, .logout): return (state, [.logout])
            case (_, .switchLanguage): return (state, [.switchLanguage])
            default: state.notice = Notice("kiosk.board.keys")
            }
        case .input:
            break
        }
        return (state, [])
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        let title = words.text(mode == .lines ? "kiosk.shophead.title" : "kiosk.director.title")
        var screen = chrome.frame(title: title, user: state.user, width: width, height: height, actions: actions)
        let inbox = "\(words.text("kiosk.board.inbox")): \(state.waiting)"
        screen.put(words.text(mode == .lines ? "kiosk.board.header" : "kiosk.board.worst_first"), row: 2, column: 2, style: .dim)
        screen.put(inbox, row: 2, column: width - inbox.count - 2, style: state.waiting > 0 ? .warn : .dim)
        guard state.board != nil else {
            screen.put(words.text("kiosk.busy"), row: 4, column: 2, style: .dim)
            return screen
        }
        let head = [words.text("kiosk.panel.line"), words.text("field.lot"), words.text("field.sku"), words.text("kiosk.panel.input"),
                    words.text("kiosk.panel.good"), words.text("kiosk.panel.delta")]
        screen.put("  " + Self.row(head), row: 3, column: 0, style: .dim)
        let rows = rows(state)
        let alertRows = Chrome.alertRows(state.alerts, most: 2)
        let room = max(1, height - 10 - alertRows)
        let first = max(0, state.selected - room + 1)
        for (offset, row) in rows.dropFirst(first).prefix(room).enumerated() {
            let chosen = first + offset == state.selected
            let line = 4 + offset
            switch row {
            case .free(let workcenter):
                screen.put((chosen ? "▶ " : "  ") + Self.row([workcenter, "—"]) + words.text("kiosk.board.free"), row: line, style: chosen ? .input : .dim)
            case .session(let entry):
                let balance = entry.balance
                let delta = "\(balance.delta.decimalText)/\(balance.limit.decimalText)"
                screen.put((chosen ? "▶ " : "  ") + Self.row([entry.workcenter, entry.lot, entry.sku, balance.input.decimalText,
                                                              balance.good.decimalText, delta]), row: line, style: chosen ? .input : .normal)
                screen.put(delta, row: line, column: 2 + Self.deltaColumn, style: balance.gateOK ? .good : .bad)
                let status = entry.pausedByVT ? words.text("kiosk.panel.paused_vt") : words.text("status.session.\(entry.status.rawValue)")
                let marks = [status] + (entry.openGates > 0 ? [words.text("kiosk.panel.gates", filling: ["n": String(entry.openGates)])] : [])
                let mark = marks.joined(separator: " · ")
                let column = 2 + Self.deltaColumn + delta.count + 1
                if column < width - 2 {
                    screen.put(String(mark.prefix(width - column - 1)), row: line, column: column,
                               style: entry.status == .closed ? .dim : (entry.status == .paused || entry.openGates > 0 ? .warn : .normal))
                }
            }
        }
        if rows.isEmpty { screen.put(words.text("kiosk.board.empty"), row: 4, column: 2, style: .dim) }
        chrome.draw(state.alerts, on: &screen, row: height - 5 - alertRows, rows: alertRows)
        if let failure = state.failure {
            chrome.draw(failure, on: &screen, row: height - 5)
        }
        chrome.draw(state.notice, on: &screen, row: height - 5)
        return screen
    }

    /// Column widths: line, lot, SKU, input, good, then the delta against its limit.
    static let widths = [7, 11, 10, 11, 11]
    static var deltaColumn: Int { widths.reduce(0, +) }

    static func row(_ cells: [String]) -> String { Columns.row(cells, widths: widths) }
}
