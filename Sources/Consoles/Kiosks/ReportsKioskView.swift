import FactoryCore
import Foundation

extension ReportsKiosk {
    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.reports.title"), user: state.user, width: width, height: height,
                                  actions: actions.filter { ![.help, .previousField].contains($0) })
        guard let form = state.form else {
            screen.put(words.text("kiosk.busy"), row: 2, column: 2, style: .dim)
            return screen
        }
        let label = 12
        for (offset, field) in form.fields.enumerated() {
            let row = 2 + offset
            let focused = field == state.field
            screen.put(words.text("kiosk.reports.field.\(field.rawValue)") + ":", row: row, column: 2, style: focused ? .normal : .dim)
            let value = self.value(form, field)
            let turns = field == .shift || field == .format || (field == .type && types.count > 1)
            let shown = turns ? "◀ \(value) ▶" : value
            screen.put(focused ? "[ \(shown) ]" : "  \(shown)  ", row: row, column: 2 + label, style: focused ? .input : .normal)
            if focused, [.from, .to, .day].contains(field) { screen.cursor = (row, 2 + label + 2 + value.count) }
        }
        let hint = prints && form.format == .pdf ? "kiosk.reports.hint_print" : "kiosk.reports.hint"
        screen.put(words.text(hint), row: 3 + form.fields.count, column: 2, style: .dim)

        screen.put(words.text("kiosk.reports.newest"), row: 5 + form.fields.count, column: 2, style: .dim)
        let first = 6 + form.fields.count
        let room = max(0, height - 6 - first)
        for (offset, job) in state.jobs.prefix(room).enumerated() {
            let status = job.expired ? words.text("kiosk.reports.status.expired") : words.text("kiosk.reports.status.\(job.status.rawValue)")
            let rows = job.rows.map { words.text("kiosk.reports.rows", filling: ["n": String($0)]) } ?? ""
            let line = Columns.row([words.text("report.title.\(job.request.type.rawValue)"), job.request.format.rawValue.uppercased(), status, rows],
                                   widths: [32, 6, 20])
            screen.put(String(line.prefix(width - 4)), row: first + offset, column: 2,
                       style: job.status == .failed ? .warn : job.status == .done && !job.expired ? .normal : .dim)
        }
        if state.jobs.isEmpty { screen.put(words.text("kiosk.reports.none_yet"), row: first, column: 2, style: .dim) }

        switch state.outcome {
        case .none: break
        case .taken(let taken):
            var text = " ✔ " + words.text("kiosk.reports.taken", filling: ["file": taken.file, "n": String(taken.rows)])
            if let printer = taken.printedOn { text += " " + words.text("kiosk.reports.printed", filling: ["printer": printer]) }
            if !taken.notes.isEmpty { text += " " + words.text("kiosk.reports.cut") }
            screen.banner(text, row: height - 5, rows: 3, style: .good)
        case .queued:
            screen.banner(" ✔ " + words.text("kiosk.reports.queued"), row: height - 5, rows: 2, style: .good)
        case .refused(let failure):
            chrome.draw(failure, on: &screen, row: height - 5)
        }
        chrome.drawBusy(state.busy, on: &screen)
        chrome.draw(state.notice, on: &screen, row: height - 5)
        return screen
    }

    func value(_ form: Form, _ field: Field) -> String {
        let words = chrome.locales
        return switch field {
        case .type: words.text("report.title.\(form.type.rawValue)")
        case .from: form.from
        case .to: form.to
        case .day: form.day
        case .shift: words.text("shift.\(form.shift.rawValue)")
        case .format: form.format.rawValue.uppercased()
        }
    }

}
