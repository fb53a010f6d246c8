import FactoryCore
import Foundation

/// The OTK queue (spec §17, M6): packages awaiting QC, oldest first; typing narrows it to a
/// line, SKU or lot. The inspector picks one and decides with one key: OK goes straight to the
/// PIN; reject asks what was found; partial asks the weight that passes, then what was found.
/// The PIN signs again and the e-seal is shown. A decided package leaves the queue and no
/// screen offers to change it (a partial one is split by the service).
public struct QCQueueKiosk: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) { self.chrome = chrome }

    public struct Item: Sendable, Equatable {
        public let id: String
        public let qrCode: String
        public let sku: String
        public let weight: String
        public let length: String?
        public let degassingPending: Bool
        public let workcenter: String
        public let lot: String
        /// What the detail panel shows of the selected package.
        public var detail = Detail()

        public init(id: String, qrCode: String, sku: String, weight: String, length: String?, degassingPending: Bool,
                    workcenter: String = "", lot: String = "", detail: Detail = Detail()) {
            (self.id, self.qrCode, self.sku, self.weight, self.length, self.degassingPending) = (id, qrCode, sku, weight, length, degassingPending)
            (self.workcenter, self.lot, self.detail) = (workcenter, lot, detail)
        }

        func matches(_ filter: String) -> Bool {
            filter.isEmpty || [qrCode, sku, workcenter, lot].contains { $0.localizedCaseInsensitiveContains(filter) }
        }
    }

    /// The package facts an inspector reads before deciding (spec §17.5, right-hand panel).
    public struct Detail: Sendable, Equatable {
        public var shift: Shift?
        public var operators: [String]
        /// The weight came from the RS scale (not typed and approved).
        public var weightFromRS: Bool
        public var lengthMode: LengthMode?
        /// The SKU's norm for the length in kg, the deviation with its sign and the allowed
        /// tolerance in % (`PercentText`).
        public var norm: String?
        public var deviation: String?
        public var tolerance: String?
        /// Packing missed the tolerance and the shop head let the package through.
        public var breachLetThrough: Bool
        /// Plant time of packing (`08:14`).
        public var packedAt: String?

        public init(shift: Shift? = nil, operators: [String] = [], weightFromRS: Bool = true, lengthMode: LengthMode? = nil,
                    norm: String? = nil, deviation: String? = nil, tolerance: String? = nil, breachLetThrough: Bool = false,
                    packedAt: String? = nil) {
            (self.shift, self.operators, self.weightFromRS, self.lengthMode) = (shift, operators, weightFromRS, lengthMode)
            (self.norm, self.deviation, self.tolerance, self.breachLetThrough, self.packedAt) = (norm, deviation, tolerance, breachLetThrough, packedAt)
        }
    }

    /// What the decision still needs before the PIN.
    public enum Stage: Sendable, Equatable {
        case okWeight, finding, pin
    }

    /// The OK part of a partial decision: a package of its own with a new label.
    public struct OKPart: Sendable, Equatable {
        public let qrCode: String
        public let weight: String
        /// Why its label did not print, when it did not.
        public let printProblem: String?

        public init(qrCode: String, weight: String, printProblem: String? = nil) {
            (self.qrCode, self.weight, self.printProblem) = (qrCode, weight, printProblem)
        }
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case sealed(qrCode: String, decision: String, eSeal: String, okPart: OKPart?)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var queue: [Item] = []
        public var selected = 0
        /// The decision under way, if any, and what it still asks.
        public var signing: QCDecision?
        public var stage = Stage.pin
        public var okWeight = ""
        public var finding = ""
        public var pin = ""
        /// Narrows the queue to a line, SKU, lot or QR.
        public var filter = ""
        public var outcome = Outcome.none
        public var busy = false
        /// What the last key could not do, and why; gone with the next key.
        public var notice: Notice?

        public init(user: String) { self.user = user }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case queue([Item])
        case sealed(qrCode: String, decision: String, eSeal: String, okPart: OKPart? = nil)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case loadQueue
        case decide(packageID: String, decision: QCDecision, pin: String, okWeight: String? = nil, finding: String? = nil)
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .queue(let items):
            state.queue = items
            state.selected = min(state.selected, max(0, items.count - 1))
        case .sealed(let qr, let decision, let seal, let okPart):
            state.busy = false
            state.outcome = .sealed(qrCode: qr, decision: decision, eSeal: seal, okPart: okPart)
            return (state, [.loadQueue])
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
            return (state, [.loadQueue])
        case .input(.scan(let code)):
            // A scanned label selects its package in the queue; a label not in the queue clears
            // the selection, so that the next F5 cannot decide the roll selected before.
            guard state.signing == nil else {
                state.notice = Notice("kiosk.otk.finish_first")
                break
            }
            state.filter = ""
            if let index = state.queue.firstIndex(where: { QRCode(scanned: $0.qrCode)?.text == QRCode(scanned: code)?.text ?? code }) {
                state.selected = index
            } else {
                state.selected = -1
                state.notice = Notice("kiosk.otk.not_in_queue", values: ["qr": code])
            }
        case .input(.retract(let typed)):
            switch (state.signing, state.stage) {
            case (nil, _): state.filter.retract(typed)
            case (_, .pin): state.pin.retract(typed, accepted: \.isNumber)
            case (_, .okWeight): state.okWeight.retract(typed, accepted: TypedKilograms.accepts)
            case (_, .finding): state.finding.retract(typed)
            }
        case .input(.key(.character(let character))):
            switch (state.signing, state.stage) {
            case (nil, _): if state.filter.count < 20 { state.filter.append(character); state.selected = 0 }
            case (_, .pin): if character.isNumber, state.pin.count < 8 { state.pin.append(character) }
            case (_, .okWeight): if TypedKilograms.accepts(character), state.okWeight.count < 10 { state.okWeight.append(character) }
            case (_, .finding): if state.finding.count < 60 { state.finding.append(character) }
            }
        case .input(.key(.named("Backspace"))):
            switch (state.signing, state.stage) {
            case (nil, _): if !state.filter.isEmpty { state.filter.removeLast() }
            case (_, .pin): if !state.pin.isEmpty { state.pin.removeLast() }
            case (_, .okWeight): if !state.okWeight.isEmpty { state.okWeight.removeLast() }
            case (_, .finding): if !state.finding.isEmpty { state.finding.removeLast() }
            }
        case .input(.key(.named(let name))):
            let visible = Self.visible(state)
            switch (name, chrome.keymap.action(for: name)) {
            case ("Up", _) where state.signing == nil: state.selected = max(0, state.selected - 1)
            case ("Down", _) where state.signing == nil: state.selected = min(max(0, visible.count - 1), state.selected + 1)
            case (_, .approve) where state.signing == nil && visible.indices.contains(state.selected): state.begin(.ok, at: .pin)
            case (_, .reject) where state.signing == nil && visible.indices.contains(state.selected): state.begin(.reject, at: .finding)
            case (_, .partial) where state.signing == nil && visible.indices.contains(state.selected): state.begin(.partial, at: .okWeight)
            case (_, .approve), (_, .reject), (_, .partial):
                if state.signing == nil { state.notice = Notice("kiosk.otk.pick_first") }
            case (_, .help): state.notice = .help("otk")
            case (_, .confirm):
                guard let decision = state.signing, visible.indices.contains(state.selected), !state.busy else { break }
                switch state.stage {
                case .okWeight: if !state.okWeight.isEmpty { state.stage = .finding }
                case .finding: if !state.finding.trimmingCharacters(in: .whitespaces).isEmpty { state.stage = .pin }
                case .pin:
                    guard !state.pin.isEmpty else { break }
                    let effect = Effect.decide(packageID: visible[state.selected].id, decision: decision, pin: state.pin,
                                               okWeight: decision == .partial ? state.okWeight : nil,
                                               finding: decision == .ok ? nil : state.finding)
                    state.begin(nil, at: .pin)
                    state.busy = true
                    return (state, [effect])
                }
            case (_, .cancel):
                if state.signing == nil { state.filter = "" }
                state.begin(nil, at: .pin)
            case (_, .logout): return (state, [.logout])
            case (_, .switchLanguage): return (state, [.switchLanguage])
            default: break
            }
        }
        return (state, [])
    }

    /// The queue as the filter leaves it.
    static func visible(_ state: State) -> [Item] { state.queue.filter { $0.matches(state.filter) } }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .sealed: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.otk.title"), user: state.user, width: width, height: height,
                                  actions: [.approve, .reject, .partial, .cancel, .switchLanguage, .logout])
        let visible = Self.visible(state)
        screen.put("\(words.text("kiosk.otk.queue")) (\(visible.count))", row: 2, column: 2, style: .dim)
        if !state.filter.isEmpty {
            let label = "\(words.text("kiosk.otk.filter")): "
            screen.put(label, row: 2, column: 40, style: .dim)
            screen.put(state.filter, row: 2, column: 40 + label.count, style: .input)
        }
        let listRows = max(0, height - 12)
        let first = max(0, state.selected - listRows + 1)
        for (offset, item) in visible.dropFirst(first).prefix(listRows).enumerated() {
            let index = first + offset
            let weight = item.weight.count < 8 ? String(repeating: " ", count: 8 - item.weight.count) + item.weight : item.weight
            let line = "\(item.qrCode) \(item.sku.padding(toLength: 7, withPad: " ", startingAt: 0))\(weight)"
                + (item.degassingPending ? " ⧖" : "")
            screen.put((index == state.selected ? "▶ " : "  ") + line, row: 3 + offset, column: 2, style: index == state.selected ? .input : .normal)
        }
        if visible.isEmpty { screen.put(words.text("kiosk.otk.empty"), row: 3, column: 4, style: .dim) }
        if visible.indices.contains(state.selected) {
            drawDetail(visible[state.selected], on: &screen, rows: 3..<(3 + max(listRows, 9)))
        }
        let bottom = height - 7
        if let decision = state.signing, visible.indices.contains(state.selected) {
            let item = visible[state.selected]
            screen.fill(row: bottom, style: .warn)
            var head = " \(words.text("kiosk.otk.decision.\(decision.rawValue)")): \(item.qrCode)"
            if decision == .partial, state.stage != .okWeight { head += " · \(words.text("kiosk.otk.decision.ok")) \(words.kg(state.okWeight)) / \(words.kg(item.weight))" }
            screen.put(head, row: bottom, style: .warn)
            let (prompt, typed): (String, String) = switch state.stage {
            case .okWeight: (words.text("kiosk.otk.ok_weight"), state.okWeight)
            case .finding: (words.text("kiosk.otk.finding"), state.finding)
            case .pin: (words.text("kiosk.otk.sign_pin"), String(repeating: "•", count: state.pin.count))
            }
            let label = "   \(prompt): "
            screen.put(label, row: bottom + 1)
            screen.put(typed.padding(toLength: max(8, typed.count), withPad: " ", startingAt: 0), row: bottom + 1, column: label.count, style: .input)
            screen.cursor = (bottom + 1, label.count + typed.count)
        }
        switch state.outcome {
        case .none: break
        case .sealed(let qr, let decision, let seal, let okPart):
            screen.fill(row: bottom + 3, style: .good)
            screen.put(" ✔ \(qr): \(words.text("kiosk.otk.decision.\(decision)")) · \(words.text("kiosk.otk.sealed")) \(seal.prefix(16))…",
                       row: bottom + 3, style: .good)
            if let okPart {
                screen.put(" ⎙ \(words.text("kiosk.otk.ok_part")): \(okPart.qrCode) · \(words.kg(okPart.weight))", row: bottom + 4, style: .good)
                if let problem = okPart.printProblem {
                    screen.put(" ! \(words.text("kiosk.otk.label_not_printed")): \(problem)", row: bottom + 5, style: .warn)
                }
            }
        case .refused(let failure):
            let refusal = chrome.refusal(failure)
            screen.banner(refusal.text, row: bottom + 3, rows: 3, style: refusal.style)
        }
        chrome.draw(state.notice, on: &screen, row: bottom + 3)
        return screen
    }
}

extension QCQueueKiosk {
    /// The detail column beside the queue: where the roll came from, how its weight and length
    /// were taken, and how the weight stands against the norm.
    func drawDetail(_ item: Item, on screen: inout Screen, rows: Range<Int>) {
        let words = chrome.locales
        let detail = item.detail
        var lines: [(String, Screen.Style)] = [(item.qrCode, .input)]
        let shift = detail.shift.map { words.text("kiosk.otk.detail.shift.\($0.rawValue)") }
        lines.append(([item.workcenter, item.lot, shift].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · "), .normal))
        lines.append(("\(words.text("field.sku")) \(item.sku)", .normal))
        lines.append(("\(words.kg(item.weight)) · " + words.text(detail.weightFromRS ? "kiosk.otk.detail.rs" : "kiosk.otk.detail.manual"),
                      detail.weightFromRS ? .normal : .warn))
        if let length = item.length {
            let mode = detail.lengthMode.map { " · " + words.text($0 == .manual ? "kiosk.otk.detail.manual" : "kiosk.otk.detail.auto") } ?? ""
            lines.append(("\(words.m(length))\(mode)", detail.lengthMode == .manual ? .warn : .normal))
        }
        if let norm = detail.norm, let deviation = detail.deviation {
            let limit = detail.tolerance.map { " (≤ \($0) %)" } ?? ""
            lines.append(("\(words.text("kiosk.otk.detail.norm")) \(words.kg(norm)) \(deviation) %\(limit)", detail.breachLetThrough ? .warn : .good))
        }
        if detail.breachLetThrough { lines.append((words.text("kiosk.otk.detail.breach_let_through"), .warn)) }
        if item.degassingPending { lines.append(("⧖ " + words.text("gate.degaz_gate"), .warn)) }
        if !detail.operators.isEmpty {
            lines.append(("\(words.text("kiosk.otk.detail.operators")): \(detail.operators.joined(separator: ", "))", .dim))
        }
        if let packedAt = detail.packedAt { lines.append(("\(words.text("kiosk.otk.detail.packed")): \(packedAt)", .dim)) }
        let column = Self.detailColumn
        // A line longer than the column goes on under itself, broken at a word.
        let room = max(8, screen.width - column)
        let wrapped = lines.flatMap { text, style in Self.wrap(text, to: room).map { ($0, style) } }
        for (row, (text, style)) in zip(rows, wrapped) {
            screen.put("│ ", row: row, column: column - 2, style: .dim)
            screen.put(text, row: row, column: column, style: style)
        }
    }

    static func wrap(_ text: String, to width: Int) -> [String] {
        var rest = Substring(text), pieces: [String] = []
        while rest.count > width {
            let head = rest.prefix(width + 1)
            let cut = head.lastIndex(of: " ").map { head.distance(from: head.startIndex, to: $0) } ?? width
            pieces.append(String(rest.prefix(max(1, cut))))
            rest = rest.dropFirst(max(1, cut)).drop { $0 == " " }
        }
        return pieces + [String(rest)]
    }

    /// Where the detail column starts: right of the longest queue line (`▶ ` QR, SKU, weight, mark).
    static let detailColumn = 45
}

extension QCQueueKiosk.State {
    /// Starts (or, with nil, ends) a decision at its first question, with nothing typed yet.
    mutating func begin(_ decision: QCDecision?, at stage: QCQueueKiosk.Stage) {
        signing = decision
        self.stage = stage
        okWeight = ""
        finding = ""
        pin = ""
    }
}
