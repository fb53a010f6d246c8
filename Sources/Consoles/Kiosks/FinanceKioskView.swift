import FactoryCore
import Foundation

extension FinanceKiosk {
    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.finance.title"), user: state.user, width: width, height: height,
                                  actions: actions(state).filter { $0 != .help })
        screen.put(words.text("kiosk.finance.month", filling: ["month": state.month]), row: 2, column: 2)
        let kpi = state.figures.kpi.map { kpi in
            words.text("kiosk.finance.kpi_line", filling: ["v": String(kpi.version), "status": words.text("kiosk.finance.\(kpi.status.rawValue)"),
                                                           "sum": kpi.bonusTotal.decimalText, "shifts": String(kpi.lines.count),
                                                           "excluded": String(kpi.excluded.count)])
        } ?? words.text("kiosk.finance.kpi_none")
        let payroll = state.figures.payroll.map { payroll in
            words.text("kiosk.finance.payroll_line", filling: ["v": String(payroll.version), "status": words.text("kiosk.finance.\(payroll.status.rawValue)"),
                                                               "people": String(payroll.lines.count), "sum": payroll.netTotal.decimalText])
        } ?? words.text("kiosk.finance.payroll_none")
        screen.put(kpi, row: 3, column: 2, style: state.figures.kpi?.status == .approved ? .good : .normal)
        screen.put(payroll, row: 4, column: 2, style: state.figures.payroll?.status == .approved ? .good : .normal)
        let tabs = [(Page.kpi, "kiosk.finance.tab_kpi"), (Page.payroll, "kiosk.finance.tab_payroll")]
        var column = 2
        for (page, key) in tabs {
            let label = page == state.page ? "[ \(words.text(key)) ]" : "  \(words.text(key))  "
            screen.put(label, row: 6, column: column, style: page == state.page ? .input : .dim)
            column += label.count + 2
        }
        let (header, body) = state.page == .kpi ? kpiRows(state.figures.kpi) : payrollRows(state.figures.payroll)
        screen.put(header, row: 7, column: 2, style: .dim)
        let room = max(1, height - 14)
        let first = min(state.scroll, max(0, body.count - room))
        for (offset, line) in body.dropFirst(first).prefix(room).enumerated() {
            screen.put(line.text, row: 8 + offset, column: 2, style: line.style)
        }
        if body.count > first + room { screen.put("↓", row: 8 + room - 1, column: width - 2, style: .dim) }

        switch state.outcome {
        case .none: break
        case .generated(let page, let version):
            screen.banner(" ✔ " + words.text("kiosk.finance.generated", filling: ["what": what(page), "v": String(version)]),
                          row: height - 5, rows: 2, style: .good)
        case .approved(let page, let version):
            screen.banner(" ✔ " + words.text("kiosk.finance.approved_done", filling: ["what": what(page), "v": String(version)]),
                          row: height - 5, rows: 2, style: .good)
        case .exported(let files, let bitrix):
            let sent = bitrix.map { " " + words.text("kiosk.finance.bitrix_\($0.rawValue)") } ?? ""
            screen.banner(" ✔ " + words.text("kiosk.finance.exported", filling: ["files": files.joined(separator: ", ")]) + sent,
                          row: height - 5, rows: 3, style: .good)
        case .refused(let failure):
            chrome.draw(failure, on: &screen, row: height - 5)
        }
        if let prompt = state.prompt {
            let heading = state.signing == .correct ? "kiosk.finance.correcting" : "kiosk.finance.approving"
            chrome.draw(prompt, heading: words.text(heading, filling: ["what": what(state.page), "v": String(state.version ?? 0), "month": state.month]),
                        noteLabel: words.text("kiosk.finance.reason"), on: &screen, row: height - 5)
        }
        chrome.drawBusy(state.busy, on: &screen)
        chrome.draw(state.notice, on: &screen, row: height - 5)
        return screen
    }

    func what(_ page: Page) -> String { chrome.locales.text(page == .kpi ? "kiosk.finance.what_kpi" : "kiosk.finance.what_payroll") }

    /// Each shift with its figures, the crew's shares under it, then what was left out and why.
    func kpiRows(_ kpi: KPISnapshot?) -> (String, [(text: String, style: Screen.Style)]) {
        let words = chrome.locales
        let widths = [7, 11, 9, 5, 10, 10, 8]
        let header = Columns.row(words.text("kiosk.finance.kpi_header").components(separatedBy: "|"), widths: widths)
        guard let kpi else { return (header, []) }
        var rows: [(String, Screen.Style)] = []
        for line in kpi.lines {
            rows.append((Columns.row([line.workcenterCode, line.day, words.text("shift.\(line.shift.rawValue)"), String(line.actualCrew),
                                      DecimalText.format(line.planMilli, scale: 3), DecimalText.format(line.factMilli, scale: 3),
                                      line.achievement.decimalText, line.bonus.decimalText], widths: widths), .normal))
            if let note = line.note { rows.append(("   " + words.text("kiosk.finance.note.\(note)"), .warn)) }
            for share in line.shares {
                rows.append(("   " + Columns.row([share.fullName, words.text("kiosk.finance.hours", filling: ["hours": DecimalText.format(share.minutes * 100 / 60, scale: 2)]),
                                                  share.share.decimalText], widths: [26, 12]), .dim))
            }
        }
        if !kpi.excluded.isEmpty {
            rows.append((words.text("kiosk.finance.excluded", filling: ["count": String(kpi.excluded.count)]), .warn))
            for excluded in kpi.excluded {
                rows.append(("   " + Columns.row([excluded.qrCode, excluded.workcenterCode, excluded.day, DecimalText.format(excluded.quantityMilli, scale: 3),
                                                  words.text("kiosk.finance.reason.\(excluded.reason)")], widths: [18, 4, 11, 8]), .normal))
            }
        }
        return (header, rows)
    }

    /// Each person's base, KPI bonus, advance, penalties and net.
    func payrollRows(_ payroll: PayrollSnapshot?) -> (String, [(text: String, style: Screen.Style)]) {
        let widths = [20, 12, 11, 12, 10]
        let header = Columns.row(chrome.locales.text("kiosk.finance.payroll_header").components(separatedBy: "|"), widths: widths)
        guard let payroll else { return (header, []) }
        return (header, payroll.lines.map { line in
            (Columns.row([line.fullName, line.base.decimalText, line.kpiBonus.decimalText, line.advance.decimalText, line.penalties.decimalText,
                          line.net.decimalText], widths: widths), line.net.isNegative ? .warn : .normal)
        })
    }
}
