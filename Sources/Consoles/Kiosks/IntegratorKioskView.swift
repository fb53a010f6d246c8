import FactoryCore
import Foundation

extension IntegratorKiosk {
    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.integrator.title"), user: state.user, width: width, height: height,
                                  actions: actions(state).filter { $0 != .help })
        screen.put(words.text("kiosk.integrator.backlog", filling: ["waiting": String(state.desk.waiting), "escalated": String(state.desk.escalated)]),
                   row: 2, column: 2, style: state.desk.escalated > 0 ? .warn : .normal)
        let tabs = [(Page.queue, "kiosk.integrator.tab_queue"), (Page.employees, "kiosk.integrator.tab_employees")]
        var column = 2
        for (page, key) in tabs {
            let label = page == state.page ? "[ \(words.text(key)) ]" : "  \(words.text(key))  "
            screen.put(label, row: 4, column: column, style: page == state.page ? .input : .dim)
            column += label.count + 2
        }
        let (header, body) = state.page == .queue ? queueRows(state.desk) : employeeRows(state.desk)
        screen.put(header, row: 5, column: 2, style: .dim)
        let alertRows = Chrome.alertRows(state.desk.alerts, most: 1)
        let room = max(1, height - 13 - alertRows)
        let first = max(0, min(state.selected - room + 1, body.count - room))
        for (offset, line) in body.dropFirst(first).prefix(room).enumerated() {
            let chosen = first + offset == state.selected
            screen.put((chosen ? "▶ " : "  ") + line.text, row: 6 + offset, column: 0, style: chosen ? .input : line.style)
        }
        chrome.draw(state.desk.alerts, on: &screen, row: height - 7 - alertRows, rows: alertRows)
        if body.isEmpty {
            screen.put(words.text(state.page == .queue ? "kiosk.integrator.queue_empty" : "kiosk.integrator.employees_empty"), row: 6, column: 2, style: .dim)
        }
        if state.page == .queue, state.desk.queue.indices.contains(state.selected), let error = state.desk.queue[state.selected].lastError {
            screen.banner("  " + words.text("kiosk.integrator.last_error", filling: ["error": error]), row: height - 7, rows: 2, style: .warn)
        }

        switch state.outcome {
        case .none: break
        case .retried(let entity):
            screen.banner(" ✔ " + words.text("kiosk.integrator.retried", filling: ["what": words.text("kiosk.integrator.entity.\(entity.rawValue)")]),
                          row: height - 5, rows: 2, style: .good)
        case .pulled:
            screen.banner(" ✔ " + words.text("kiosk.integrator.pulled"), row: height - 5, rows: 2, style: .good)
        case .relinked(let externalID, let username):
            screen.banner(" ✔ " + words.text("kiosk.integrator.relinked", filling: ["id": externalID, "username": username]),
                          row: height - 5, rows: 2, style: .good)
        case .refused(let failure):
            chrome.draw(failure, on: &screen, row: height - 5)
        }
        if let typed = state.typing, state.desk.employees.indices.contains(state.selected) {
            let employee = state.desk.employees[state.selected]
            screen.banner(" " + words.text("kiosk.integrator.match_prompt", filling: ["id": employee.externalID,
                                                                                  "name": employee.meta.objectFields["full_name"]?.stringValue ?? ""]),
                          row: height - 5, rows: 2, style: .info)
            screen.put("> " + typed + "_", row: height - 3, column: 2, style: .input)
        }
        chrome.drawBusy(state.busy, on: &screen)
        chrome.draw(state.notice, on: &screen, row: height - 5)
        return screen
    }

    /// Each item: what it is, its status, attempts, when it is tried next.
    func queueRows(_ desk: Desk) -> (String, [(text: String, style: Screen.Style)]) {
        let words = chrome.locales
        let widths = [11, 21, 12, 9]
        let header = Columns.row(words.text("kiosk.integrator.queue_header").components(separatedBy: "|"), widths: widths)
        return (header, desk.queue.map { item in
            let status = words.text("kiosk.integrator.status.\(item.status.rawValue)") + (item.escalated ? " !" : "")
            return (Columns.row([words.text("kiosk.integrator.entity.\(item.entity.rawValue)"), Self.subject(item), status, String(item.attempts),
                                 wait(item.nextTryAt, from: desk.now, status: item.status)], widths: widths),
                    item.status == .error || item.escalated ? .warn : item.status == .sent ? .dim : .normal)
        })
    }

    /// The month or period and version of a push; the moment a pull reads from.
    static func subject(_ item: IntegrationQueue.Entry) -> String {
        let fields = item.payload.objectFields
        let text = { (key: String) in fields[key]?.stringValue ?? "" }
        let version = fields["version"].map { "v" + $0.canonicalText } ?? ""
        switch item.entity {
        case .payroll: return "\(text("month")) \(version)"
        case .kpi: return "\(text("first_day"))…\(text("last_day").suffix(5)) \(version)"
        case .user, .order, .attendance: return text("since").isEmpty ? "" : "≥ " + String(text("since").prefix(10))
        }
    }

    func wait(_ next: Timestamp?, from now: Timestamp, status: IntegrationStatus) -> String {
        let words = chrome.locales
        guard status == .pending, let next else { return "" }
        let minutes = Int64(max(0, next.seconds(since: now)) / 60)
        if minutes < 1 { return words.text("kiosk.integrator.now") }
        if minutes < 120 { return words.text("kiosk.integrator.in_minutes", filling: ["n": String(minutes)]) }
        return words.text("kiosk.integrator.in_hours", filling: ["n": String(minutes / 60)])
    }

    /// Each Bitrix24 employee: their id, name and department there, and the user they are here.
    func employeeRows(_ desk: Desk) -> (String, [(text: String, style: Screen.Style)]) {
        let words = chrome.locales
        let widths = [10, 24, 20]
        let header = Columns.row(words.text("kiosk.integrator.employees_header").components(separatedBy: "|"), widths: widths)
        return (header, desk.employees.map { employee in
            let meta = employee.meta.objectFields
            let active = meta["active"] != .bool(false)
            let name = (meta["full_name"]?.stringValue ?? "") + (active ? "" : " (" + words.text("kiosk.integrator.fired") + ")")
            return (Columns.row([employee.externalID, name, meta["department"]?.stringValue ?? "", "→ " + (employee.internalName ?? "?")], widths: widths),
                    active ? .normal : .dim)
        })
    }
}
