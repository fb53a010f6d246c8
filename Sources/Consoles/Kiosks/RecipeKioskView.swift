import FactoryCore
import Foundation

extension RecipeKiosk {
    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.recipe.title"), user: state.user, width: width, height: height,
                                  actions: actions(state).filter { $0 != .help })
        if let editing = state.editing {
            draw(editing, state, on: &screen, width: width, height: height)
        } else {
            screen.put(words.text("kiosk.recipe.list_header"), row: 2, column: 2, style: .dim)
            if state.skus.isEmpty { screen.put(words.text("kiosk.recipe.none"), row: 3, column: 4, style: .dim) }
            for (index, summary) in state.skus.prefix(max(1, height - 10)).enumerated() {
                let chosen = index == state.selected
                let published = summary.published.map { words.text("kiosk.recipe.published_v", filling: ["v": String($0)]) }
                    ?? words.text("kiosk.recipe.unpublished")
                let draft = summary.draft.map { words.text("kiosk.recipe.draft_v", filling: ["v": String($0)]) }
                let line = [summary.sku.padding(toLength: 12, withPad: " ", startingAt: 0), published, draft].compactMap { $0 }.joined(separator: "  ")
                screen.put((chosen ? "▶ " : "  ") + line, row: 3 + index, column: 2, style: chosen ? .input : .normal)
            }
        }
        switch state.outcome {
        case .none: break
        case .saved(let version):
            screen.banner(" ✔ " + words.text("kiosk.recipe.saved", filling: ["v": String(version)]), row: height - 5, rows: 2, style: .good)
        case .published(let version):
            screen.banner(" ✔ " + words.text("kiosk.recipe.done_published", filling: ["v": String(version)]), row: height - 5, rows: 2, style: .good)
        case .refused(let failure):
            chrome.draw(failure, on: &screen, row: height - 5)
        }
        chrome.drawBusy(state.busy, on: &screen)
        chrome.draw(state.notice, on: &screen, row: height - 5)
        return screen
    }

    /// The recipe being edited: the VT limit, a row per material with its share, a row to add
    /// one, and below the sum of the shares and the VT share against the limit as typed.
    func draw(_ editing: Editing, _ state: State, on screen: inout Screen, width: Int, height: Int) {
        let words = chrome.locales
        let version = editing.draft.map { words.text("kiosk.recipe.draft_v", filling: ["v": String($0)]) } ?? words.text("kiosk.recipe.new_draft")
        let base = editing.published.map { words.text("kiosk.recipe.published_v", filling: ["v": String($0)]) } ?? words.text("kiosk.recipe.unpublished")
        screen.put("\(editing.sku) · \(version) · \(base)", row: 2, column: 2, style: .dim)
        func field(_ label: String, _ value: String, row: Int, focused: Bool) {
            screen.put((focused ? "▶ " : "  ") + label.padding(toLength: 26, withPad: " ", startingAt: 0), row: row, column: 2)
            screen.put(value.padding(toLength: max(8, value.count), withPad: " ", startingAt: 0), row: row, column: 30, style: focused ? .input : .normal)
            if focused { screen.cursor = (row, 30 + value.count) }
        }
        field(words.text("kiosk.recipe.vt_limit"), editing.vtLimit, row: 4, focused: editing.focus == 0)
        let room = max(1, height - 14)
        let first = max(0, min(editing.focus - 1, editing.rows.count) - room + 1)
        for (offset, row) in editing.rows.dropFirst(first).prefix(room).enumerated() {
            let kind = row.component.map { words.text("component.\($0.rawValue)") } ?? "…"
            field("\(row.material)  \(kind)", row.share, row: 5 + offset, focused: editing.focus == first + offset + 1)
        }
        let next = 5 + min(room, editing.rows.count - first)
        field(words.text("kiosk.recipe.add_material"), editing.newMaterial, row: next, focused: editing.focus == editing.newRow)
        let shares = editing.rows.map { (row: $0, share: try? TypedKilograms.percent($0.share, field: "ratio_pct")) }
        let sum = Percent(units: shares.compactMap(\.share?.units).reduce(0, +))
        let vt = Percent(units: shares.filter { $0.row.component == .vt }.compactMap(\.share?.units).reduce(0, +))
        let totals = words.text("kiosk.recipe.totals", filling: ["sum": PercentText.limit(sum), "vt": PercentText.limit(vt),
                                                              "limit": editing.vtLimit.isEmpty ? "—" : editing.vtLimit])
        screen.put(totals, row: next + 2, column: 4, style: sum == .hundred ? .good : .warn)
        if let prompt = state.prompt {
            chrome.draw(prompt, heading: words.text("kiosk.recipe.publishing", filling: ["sku": editing.sku, "v": String(editing.draft ?? 0)]),
                        noteLabel: "", on: &screen, row: height - 8)
        }
    }
}
