import FactoryCore
import Foundation

/// How a session looks at a supervisor's console: the header, the balance card with the delta
/// bar against the limit, then the form, the prompt or the outcome; or the drill-down.
extension SessionKiosk {
    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text(state.canSteer ? "kiosk.shophead.title" : "kiosk.session.title"), user: state.user,
                                  width: width, height: height, actions: actions(state).filter { $0 != .help })
        guard let card = state.card else {
            screen.put(words.text("kiosk.busy"), row: 2, column: 2, style: .dim)
            return screen
        }
        let session = card.session
        let head = [session.workcenter, session.sku, "\(words.text("field.lot")) \(session.partiyaNo)", words.text("shift.\(session.shift.rawValue)"),
                    session.operators.joined(separator: ", ")].joined(separator: " · ")
        screen.put(String(head.prefix(width - 4)), row: 2, column: 2)
        var status = words.text("status.session.\(session.status.rawValue)")
        if session.status == .paused, let reason = session.pauseReason {
            status += ": " + (reason == SessionService.vtPauseReason ? words.text("kiosk.panel.paused_vt") : reason)
        }
        let gates = card.openGates.map { words.text("gate.\($0.rawValue)") }
        let line = (["● " + status] + gates.map { "⚠ " + $0 }).joined(separator: "  ")
        screen.put(String(line.prefix(width - 4)), row: 3, column: 2,
                   style: session.status == .opened && gates.isEmpty ? .good : (session.status == .closed ? .dim : .warn))
        if state.mode == .drill, let investigation = state.investigation {
            drawDrill(investigation, scroll: state.scroll, on: &screen)
        } else {
            drawCard(card.preview, width: width, on: &screen)
            drawWork(state, on: &screen)
        }
        chrome.drawBusy(state.busy, on: &screen)
        chrome.draw(state.notice, on: &screen, row: height - 5)
        return screen
    }

    func drawCard(_ preview: BalanceService.Preview, width: Int, on screen: inout Screen) {
        let words = chrome.locales
        let b = preview.balance
        let figures: [(String, Grams)] = [("input", b.input), ("good", b.good), ("wip", b.wip), ("scrap_expected", b.scrapExpected),
                                          ("rework_linked", b.reworkInLinked), ("disposed", b.disposedLinked), ("outstanding", b.outstanding)]
        for (offset, (key, grams)) in figures.enumerated() {
            let column = offset < 4 ? 2 : 40
            let row = 5 + offset % 4
            screen.put(words.text("kiosk.session.\(key)"), row: row, column: column, style: .dim)
            let value = words.kg(grams.decimalText)
            screen.put(value, row: row, column: column + 36 - value.count)
        }
        let delta = words.text("kiosk.session.delta", filling: ["delta": b.delta.decimalText, "limit": b.limit.decimalText])
        screen.put(delta, row: 10, column: 2, style: b.gateOK ? .good : .bad)
        screen.put(Self.bar(delta: b.delta, limit: b.limit, width: min(60, width - 6)), row: 11, column: 2, style: b.gateOK ? .good : .bad)
        if preview.pendingPackages > 0 {
            screen.put(words.text("kiosk.session.pending", filling: ["n": String(preview.pendingPackages)]), row: 12, column: 2, style: .warn)
        }
    }

    /// The delta as a bar on a scale of twice the limit (or the delta, when larger), the limit
    /// marked with │ so the eye sees on which side it falls.
    static func bar(delta: Grams, limit: Grams, width: Int) -> String {
        let inside = max(10, width - 2)
        let top = max(limit.grams * 2, delta.grams, 1)
        let filled = Int(delta.grams * Int64(inside) / top)
        let mark = Int(limit.grams * Int64(inside) / top)
        let cells = (0..<inside).map { index -> Character in
            index == mark ? "│" : (index < filled ? "█" : "░")
        }
        return "[" + String(cells) + "]"
    }

    /// The open form, the prompt being signed, or what the last action did.
    func drawWork(_ state: State, on screen: inout Screen) {
        let words = chrome.locales
        let height = screen.height
        switch state.mode {
        case .feed, .scrap:
            let labels = state.mode == .feed ? ["kiosk.session.scale", "kiosk.session.material", "kiosk.session.batch"]
                : ["kiosk.session.scale", "kiosk.session.tare", "kiosk.session.seal"]
            screen.put(words.text(state.mode == .feed ? "kiosk.session.feeding" : "kiosk.session.scrapping"), row: 13, column: 2, style: .warn)
            for (index, key) in labels.enumerated() {
                let focused = index == state.focus
                let value = state.fields[index]
                screen.put((focused ? "▶ " : "  ") + words.text(key), row: 14 + index, column: 2, style: focused ? .normal : .dim)
                screen.put(" " + value.padding(toLength: max(14, value.count), withPad: " ", startingAt: 0) + " ", row: 14 + index, column: 20,
                           style: focused ? .input : .normal)
                if focused { screen.cursor = (14 + index, 21 + value.count) }
            }
            if state.mode == .feed, !state.batches.isEmpty {
                screen.put(words.text("kiosk.session.fifo", filling: ["batches": state.batches.prefix(4).joined(separator: ", ")]),
                           row: 17, column: 4, style: .dim)
            }
        case .sign(let decision):
            if let prompt = state.prompt {
                chrome.draw(prompt, heading: words.text("kiosk.session.signing.\(decision.word)", filling: Self.filling(decision, state.card)),
                            noteLabel: words.text("kiosk.inbox.reason"), on: &screen, row: 14)
            }
        case .card, .drill:
            break
        }
        switch state.outcome {
        case .none: break
        case .fed(let quantity, let share, let gate):
            let text = words.text(gate ? "kiosk.session.fed_gate" : "kiosk.session.fed",
                                  filling: ["kg": quantity.decimalText, "share": PercentText.tenths(share)])
            screen.banner((gate ? " ✘ " : " ✔ ") + text, row: height - 5, rows: 2, style: gate ? .bad : .good)
        case .scrapped(let net):
            screen.banner(" ✔ " + words.text("kiosk.session.scrapped", filling: ["kg": net.decimalText]), row: height - 5, style: .good)
        case .decided(let decision):
            screen.banner(" ✔ " + words.text("kiosk.session.done.\(decision.word)", filling: Self.filling(decision, state.card)), row: height - 5,
                          style: .good)
        case .refused(let failure):
            chrome.draw(failure, on: &screen, row: height - 5)
        }
    }

    /// A recipe change names the version the session runs and the one asked.
    static func filling(_ decision: Decision, _ card: Card?) -> [String: String] {
        guard case .recipeChange(let version) = decision else { return [:] }
        return ["from": card.map { String($0.session.recipe.version) } ?? "?", "to": String(version)]
    }

    /// Every fact behind the card, one per row: inputs, packages with their reading, scrap lots.
    func drawDrill(_ investigation: Investigation, scroll: Int, on screen: inout Screen) {
        let words = chrome.locales
        var rows: [(String, Screen.Style)] = [(words.text("kiosk.session.drill.inputs"), .dim)]
        rows += investigation.inputs.map { ("  \($0.material)  \(words.kg($0.quantity.decimalText))", .normal) }
        rows.append((words.text("kiosk.session.drill.packages"), .dim))
        rows += investigation.packages.map { roll in
            let source = roll.weightTrusted ? "RS \(roll.scaleEventID.map { String($0.prefix(8)) } ?? "")" : words.text("kiosk.session.drill.typed")
            return ("  \(roll.qrCode)  \(words.text("status.package.\(roll.status.rawValue)"))  \(words.kg(roll.weight.decimalText))  \(source)",
                    roll.weightTrusted ? .normal : .warn)
        }
        rows.append((words.text("kiosk.session.drill.scrap"), .dim))
        rows += investigation.scrap.map { lot in
            ("  \(words.text("kiosk.session.drill.source.\(lot.source.rawValue)")) \(lot.sealNo ?? "—")  \(words.kg(lot.net.decimalText))  "
                + words.text("kiosk.session.drill.linked", filling: ["kg": lot.linked.decimalText]), .normal)
        }
        let room = screen.height - 10
        let first = min(scroll, max(0, rows.count - room))
        for (offset, row) in rows.dropFirst(first).prefix(room).enumerated() {
            screen.put(String(row.0.prefix(screen.width - 4)), row: 5 + offset, column: 2, style: row.1)
        }
    }
}
