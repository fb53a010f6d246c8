import FactoryCore
import Foundation

/// The storekeeper's wizard (spec §17, M1/M2) at a MAIN or SHOP scale. At MAIN it ships to
/// SHOP, receives returns and takes a supplier's delivery in (the material, the batch number
/// from the bag's label, each bag weighed); at SHOP it receives shipments and returns to MAIN. Shipping asks
/// the material (typed or scanned), lists its batches oldest first (FIFO, the first one chosen),
/// and the weigh key binds the load on the scale as one line in transit. Receiving lists what
/// is on its way here, and the weigh key binds the receiving scale's reading. At SHOP the
/// end-of-shift count is a grid of the store's batches and of the batches at the running
/// sessions' lines (their WIP): the weigh key counts the chosen row on the scale and shows the
/// difference to the book; the nothing-left key records 0 kg where nothing is left to weigh.
public struct WarehouseKiosk: Kiosk {
    public let chrome: Chrome
    /// The binding window (IOT_ACCEPT_WINDOW_SEC): an older reading is shown as offline.
    public let window: Double

    public init(chrome: Chrome, window: Double) {
        self.chrome = chrome
        self.window = window
    }

    public enum Operation: String, Sendable, Equatable, CaseIterable {
        case ship, receive
        case returnToMain = "return"
        case snapshot
        /// A supplier's delivery into MAIN (M1): each bag weighed on the MAIN scale.
        case intake
    }

    /// A row of the end-of-shift count: a batch in the store with its book, or a batch at a
    /// running session's line with what was fed (its count is the session's WIP); once
    /// counted, the count and, for the store, the difference.
    public struct Count: Sendable, Equatable {
        public let material: String
        public let batchNo: String
        public let book: String
        /// The session whose line holds the batch, and the line as read (`E1 · P-E1-1`).
        public let session: String?
        public let line: String?
        public var counted: String?
        public var variance: String?

        public init(material: String, batchNo: String, book: String, session: String? = nil, line: String? = nil,
                    counted: String? = nil, variance: String? = nil) {
            (self.material, self.batchNo, self.book, self.session, self.line) = (material, batchNo, book, session, line)
            (self.counted, self.variance) = (counted, variance)
        }

        /// The row a count answer belongs to.
        public var key: CountKey { CountKey(material: material, batchNo: batchNo, session: session) }
    }

    public struct CountKey: Sendable, Equatable {
        public let material: String
        public let batchNo: String
        public let session: String?

        public init(material: String, batchNo: String, session: String? = nil) {
            (self.material, self.batchNo, self.session) = (material, batchNo, session)
        }
    }

    public struct Batch: Sendable, Equatable {
        public let batchNo: String
        public let available: String

        public init(batchNo: String, available: String) { (self.batchNo, self.available) = (batchNo, available) }
    }

    /// A shipment line as the storekeeper reads it.
    public struct Line: Sendable, Equatable {
        public let transferID: String
        public let lineID: String
        public let material: String
        public let batchNo: String
        public let weight: String

        public init(transferID: String, lineID: String = "", material: String, batchNo: String, weight: String) {
            (self.transferID, self.lineID, self.material, self.batchNo, self.weight) = (transferID, lineID, material, batchNo, weight)
        }
    }

    /// The shipment the storekeeper is weighing loads onto: each weighed line joins it until
    /// the storekeeper leaves the shipping page.
    public struct Shipment: Sendable, Equatable {
        public let transferID: String
        public let lines: Int
        public let total: String

        public init(transferID: String, lines: Int, total: String) { (self.transferID, self.lines, self.total) = (transferID, lines, total) }
    }

    /// A received line's weight against what was sent (B17), as the storekeeper reads it.
    public struct Difference: Sendable, Equatable {
        public let sent: String
        public let received: String
        public let difference: String
        /// Signed, one decimal ("−12.0").
        public let percent: String
        public let limit: String
        /// Beyond the limit: shown as a warning, and booked only once accepted.
        public let beyond: Bool

        public init(sent: String, received: String, difference: String, percent: String, limit: String, beyond: Bool) {
            (self.sent, self.received, self.difference, self.percent, self.limit, self.beyond) = (sent, received, difference, percent, limit, beyond)
        }
    }

    public enum Page: Sendable, Equatable {
        case menu
        case material(Operation)
        case batches(Operation, material: String, [Batch])
        case transfers([Line])
        case grid([Count])
        /// A delivery of one material: the batch number from the bag's label, then weigh.
        case delivery(material: String)
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case shipped(Operation, Line)
        case received(Line, Difference?)
        /// The line weighs beyond the difference limit: Enter accepts it, Esc weighs again.
        case confirmDifference(Line, Difference)
        /// F12 on a row with stock on the book: Enter writes it off as counted 0 kg, Esc keeps it.
        case confirmNothingLeft(Count)
        case counted(Count)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        /// The scale's store and code, for the header.
        public var place: String
        public var operations: [Operation]
        public var reading: LiveWeight?
        public var now: Timestamp
        public var page = Page.menu
        public var selected = 0
        public var field = ""
        public var outcome = Outcome.none
        public var busy = false
        /// What the last key could not do, and why; gone with the next key.
        public var notice: Notice?
        /// The shipment weighed so far on this visit to the shipping page, if any.
        public var shipment: Shipment?

        public init(user: String, place: String, operations: [Operation], now: Timestamp) {
            (self.user, self.place, self.operations, self.now) = (user, place, operations, now)
        }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case reading(LiveWeight?, now: Timestamp)
        case batches(Operation, material: String, [Batch])
        case transfers([Line])
        case shipped(Operation, Line, Shipment)
        case received(Line, Difference?)
        /// The receiving weight is beyond the limit and waits for the storekeeper's word.
        case differs(Line, Difference)
        case grid([Count])
        case counted(CountKey, counted: String, variance: String?)
        /// A delivered bag booked into MAIN.
        case taken(Line)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case loadBatches(Operation, material: String)
        case loadTransfers
        case loadGrid
        /// Counts a grid row: on the scale, or with `weighed: false` as nothing left (0 kg).
        case count(CountKey, weighed: Bool)
        /// Weighs a line out: onto `shipment` when one is open, else as a new shipment.
        case ship(Operation, material: String, batchNo: String, onto: String?)
        case receive(transferID: String, lineID: String, acceptDifference: Bool)
        /// Weighs a delivered bag into MAIN.
        case intake(material: String, batchNo: String)
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .reading(let reading, let now):
            state.reading = reading
            state.now = now
        case .batches(let operation, let material, let batches):
            state.busy = false
            state.page = .batches(operation, material: material, batches)
            state.selected = 0
        case .transfers(let lines):
            state.busy = false
            state.page = .transfers(lines)
            state.selected = min(state.selected, max(0, lines.count - 1))
        case .shipped(let operation, let line, let shipment):
            state.busy = false
            state.outcome = .shipped(operation, line)
            state.shipment = shipment
            // The next line starts from its material.
            state.page = .material(operation)
        case .taken(let line):
            state.busy = false
            // The batch number stays: the next bag of the delivery is usually of the same batch.
            state.outcome = .shipped(.intake, line)
        case .received(let line, let difference):
            state.busy = false
            state.outcome = .received(line, difference)
            return (state, [.loadTransfers])
        case .differs(let line, let difference):
            state.busy = false
            state.outcome = .confirmDifference(line, difference)
        case .grid(let counts):
            state.busy = false
            state.page = .grid(counts)
            state.selected = min(state.selected, max(0, counts.count - 1))
        case .counted(let key, let counted, let variance):
            state.busy = false
            var count = Count(material: key.material, batchNo: key.batchNo, book: "", session: key.session, counted: counted, variance: variance)
            if case .grid(var counts) = state.page, let index = counts.firstIndex(where: { $0.key == key }) {
                counts[index].counted = counted
                counts[index].variance = variance
                count = counts[index]
                state.page = .grid(counts)
            }
            state.outcome = .counted(count)
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
        case .input(let input):
            guard !state.busy else { break }
            return handle(input, state)
        }
        return (state, [])
    }

    private func handle(_ input: KeyInput, _ state: State) -> (State, [Effect]) {
        var state = state
        switch input {
        case .scan(let code):
            switch state.page {
            case .material(.intake):
                state.page = .delivery(material: code)
                state.field = ""
            case .delivery:
                // The bag's batch label.
                state.field = code
            case .material(let operation):
                // A scanned material label answers the material question wherever it is asked.
                state.busy = true
                return (state, [.loadBatches(operation, material: code)])
            case .transfers(let lines):
                // Scan to pick: a bag's batch or material label selects its line on the list.
                if let index = lines.firstIndex(where: { $0.batchNo == code }) ?? lines.firstIndex(where: { $0.material == code }) {
                    state.selected = index
                } else {
                    state.notice = Notice("kiosk.warehouse.not_on_list", values: ["code": code])
                }
            case .batches(_, _, let batches):
                if let index = batches.firstIndex(where: { $0.batchNo == code }) {
                    state.selected = index
                } else {
                    state.notice = Notice("kiosk.warehouse.not_on_list", values: ["code": code])
                }
            case .grid(let counts):
                if let index = counts.firstIndex(where: { $0.batchNo == code }) {
                    state.selected = index
                } else {
                    state.notice = Notice("kiosk.warehouse.not_on_list", values: ["code": code])
                }
            case .menu:
                state.notice = Notice("kiosk.warehouse.choose_first")
            }
        case .retract(let typed):
            state.field.retract(typed)
        case .key(.character(let character)):
            switch state.page {
            case .material, .delivery: if state.field.count < 40 { state.field.append(character) }
            default: break
            }
        case .key(.named("Backspace")):
            if !state.field.isEmpty { state.field.removeLast() }
        case .key(.named("Up")):
            state.selected = max(0, state.selected - 1)
        case .key(.named("Down")):
            state.selected = min(max(0, count(state.page, state) - 1), state.selected + 1)
        case .key(.named(let name)):
            switch chrome.keymap.action(for: name) {
            case .confirm:
                if case .confirmDifference(let line, _) = state.outcome {
                    state.busy = true
                    return (state, [.receive(transferID: line.transferID, lineID: line.lineID, acceptDifference: true)])
                }
                if case .confirmNothingLeft(let count) = state.outcome {
                    state.busy = true
                    return (state, [.count(count.key, weighed: false)])
                }
                switch state.page {
                case .menu:
                    guard state.operations.indices.contains(state.selected) else { break }
                    let operation = state.operations[state.selected]
                    state.selected = 0
                    state.outcome = .none
                    if operation == .receive || operation == .snapshot {
                        state.busy = true
                        return (state, [operation == .receive ? .loadTransfers : .loadGrid])
                    }
                    state.page = .material(operation)
                case .material(let operation):
                    let typed = state.field.trimmingCharacters(in: .whitespaces)
                    guard !typed.isEmpty else { break }
                    state.field = ""
                    if operation == .intake {
                        state.page = .delivery(material: typed)
                        break
                    }
                    state.busy = true
                    return (state, [.loadBatches(operation, material: typed)])
                case .delivery:
                    state.notice = Notice("kiosk.warehouse.delivery_weigh")
                case .batches, .transfers, .grid: break
                }
            case .weigh:
                switch state.page {
                case .batches(let operation, let material, let batches) where batches.indices.contains(state.selected):
                    state.busy = true
                    return (state, [.ship(operation, material: material, batchNo: batches[state.selected].batchNo,
                                          onto: state.shipment?.transferID)])
                case .transfers(let lines) where lines.indices.contains(state.selected):
                    state.busy = true
                    return (state, [.receive(transferID: lines[state.selected].transferID, lineID: lines[state.selected].lineID,
                                             acceptDifference: false)])
                case .grid(let counts) where counts.indices.contains(state.selected):
                    state.busy = true
                    return (state, [.count(counts[state.selected].key, weighed: true)])
                case .delivery(let material) where !state.field.trimmingCharacters(in: .whitespaces).isEmpty:
                    state.busy = true
                    state.outcome = .none
                    return (state, [.intake(material: material, batchNo: state.field.trimmingCharacters(in: .whitespaces))])
                default:
                    state.notice = Self.nothingToWeigh(state.page)
                }
            case .nothingLeft:
                guard case .grid(let counts) = state.page, counts.indices.contains(state.selected) else {
                    if case .grid = state.page { state.notice = Notice("kiosk.warehouse.nothing_to_count") } else {
                        state.notice = Notice("kiosk.warehouse.nothing_left_only_in_count")
                    }
                    break
                }
                // Writing a batch off is asked first: one stray key must not zero a store's book.
                state.outcome = .confirmNothingLeft(counts[state.selected])
            case .cancel:
                switch state.outcome {
                case .confirmDifference, .confirmNothingLeft:
                    // Not accepted: nothing was written; the row or the load is as it was.
                    state.outcome = .none
                    return (state, [])
                default: break
                }
                // Leaving the page ends the shipment: the next load starts a new one.
                state.page = .menu
                state.field = ""
                state.selected = 0
                state.shipment = nil
            case .help: state.notice = .help("warehouse")
            case .logout: return (state, [.logout])
            case .switchLanguage: return (state, [.switchLanguage])
            default: break
            }
        }
        return (state, [])
    }

    /// Why the weigh key has nothing to weigh on this page.
    static func nothingToWeigh(_ page: Page) -> Notice {
        switch page {
        case .menu: Notice("kiosk.warehouse.choose_first")
        case .material: Notice("kiosk.warehouse.material_first")
        case .batches: Notice("kiosk.warehouse.no_batches")
        case .transfers: Notice("kiosk.warehouse.nothing_in_transit")
        case .grid: Notice("kiosk.warehouse.nothing_to_count")
        case .delivery: Notice("kiosk.warehouse.batch_first")
        }
    }

    private func count(_ page: Page, _ state: State) -> Int {
        switch page {
        case .menu: state.operations.count
        case .material, .delivery: 0
        case .batches(_, _, let batches): batches.count
        case .transfers(let lines): lines.count
        case .grid(let counts): counts.count
        }
    }

    /// A weight far from what was sent sounds like a refusal: it waits for the storekeeper's word.
    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .shipped, .counted, .taken: .success
        case .received(_, let difference): difference?.beyond == true ? .refusal : .success
        case .differs: .refusal
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        let counting = if case .grid = state.page { true } else { false }
        var screen = chrome.frame(title: words.text("kiosk.warehouse.title"), user: state.user, width: width, height: height,
                                  actions: [.weigh] + (counting ? [.nothingLeft] : []) + [.confirm, .cancel, .switchLanguage, .logout])
        screen.put(state.place, row: 1, column: 2, style: .dim)
        if let shipment = state.shipment {
            screen.put("\(words.text("kiosk.warehouse.shipment")) \(shipment.transferID.prefix(8)): \(shipment.lines) × · \(words.kg(shipment.total))",
                       row: 1, column: 2 + state.place.count + 3, style: .good)
        }
        chrome.drawBusy(state.busy, on: &screen)
        let top = LiveWeight.draw(state.reading, now: state.now, window: window, on: &screen, row: 3, locales: words) + 1
        func list(_ rows: [String], header: String) {
            screen.put(header, row: top, column: 2, style: .dim)
            for (index, text) in rows.enumerated() where top + 1 + index < height - 5 {
                let chosen = index == state.selected
                screen.put((chosen ? "▶ " : "  ") + text, row: top + 1 + index, column: 2, style: chosen ? .input : .normal)
            }
        }
        switch state.page {
        case .menu:
            list(state.operations.map { words.text("kiosk.warehouse.op.\($0.rawValue)") }, header: words.text("kiosk.warehouse.menu"))
        case .material(let operation):
            let prompt = "\(words.text("kiosk.warehouse.op.\(operation.rawValue)")) · \(words.text("kiosk.warehouse.material_prompt")): "
            screen.put(prompt, row: top, column: 2)
            screen.put(state.field.padding(toLength: max(state.field.count, 16), withPad: " ", startingAt: 0), row: top, column: 2 + prompt.count, style: .input)
            screen.cursor = (top, 2 + prompt.count + state.field.count)
        case .delivery(let material):
            let prompt = "\(words.text("kiosk.warehouse.op.intake")) · \(material) · \(words.text("kiosk.warehouse.batch_prompt")): "
            screen.put(prompt, row: top, column: 2)
            screen.put(state.field.padding(toLength: max(state.field.count, 16), withPad: " ", startingAt: 0), row: top, column: 2 + prompt.count, style: .input)
            screen.cursor = (top, 2 + prompt.count + state.field.count)
            screen.put(words.text("kiosk.warehouse.delivery_weigh"), row: top + 2, column: 2, style: .dim)
        case .batches(_, let material, let batches):
            let header = "\(material) · \(words.text("kiosk.warehouse.batches_fifo"))"
            if batches.isEmpty {
                screen.put(header, row: top, column: 2, style: .dim)
                screen.put(words.text("kiosk.warehouse.no_batches"), row: top + 1, column: 4, style: .warn)
            } else {
                list(batches.map { "\($0.batchNo.padding(toLength: 16, withPad: " ", startingAt: 0)) \(words.kg($0.available))" }, header: header)
            }
        case .transfers(let lines):
            if lines.isEmpty {
                screen.put(words.text("kiosk.warehouse.nothing_in_transit"), row: top, column: 2, style: .dim)
            } else {
                list(lines.map { "\($0.material.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.batchNo.padding(toLength: 14, withPad: " ", startingAt: 0)) \(words.kg($0.weight))" },
                     header: words.text("kiosk.warehouse.in_transit"))
            }

        case .grid(let counts):
            if counts.isEmpty {
                screen.put(words.text("kiosk.warehouse.nothing_to_count"), row: top, column: 2, style: .dim)
            } else {
                // The store's rows read against the book, a line's rows against what was fed to it.
                var lastLine: String?
                var rows: [String] = []
                for count in counts {
                    let counted = count.counted.map { "\(words.kg($0))" } ?? "·"
                    let place = count.line.map { $0 == lastLine ? "" : $0 } ?? "SHOP"
                    lastLine = count.line
                    let reference = (count.session == nil ? "\(words.kg(count.book))" : "\(words.text("kiosk.warehouse.fed")) \(count.book)").leftPadded(14)
                    rows.append("\(place.padding(toLength: 12, withPad: " ", startingAt: 0))\(count.material.padding(toLength: 9, withPad: " ", startingAt: 0)) "
                                + "\(count.batchNo.padding(toLength: 10, withPad: " ", startingAt: 0))\(reference) \(counted.leftPadded(12)) "
                                + (count.variance.map { "Δ \($0)" } ?? (count.session == nil ? "" : words.text("word.wip"))))
                }
                list(rows, header: words.text("kiosk.warehouse.count_header"))
            }
        }

        let banner = height - 4
        switch state.outcome {
        case .none: break
        case .shipped(let operation, let line):
            screen.banner(" ✔ \(words.text("kiosk.warehouse.shipped.\(operation.rawValue)")): \(line.material) \(line.batchNo) \(words.kg(line.weight))",
                          row: banner, style: .good)
        case .received(let line, let difference):
            let head = " ✔ \(words.text("kiosk.warehouse.received")): \(line.material) \(line.batchNo) \(words.kg(line.weight))"
            if let difference {
                screen.banner(head + " · " + differenceText(difference), row: banner, rows: 3, style: difference.beyond ? .warn : .good)
            } else {
                screen.banner(head, row: banner, style: .good)
            }
        case .confirmNothingLeft(let count):
            let what = "\(count.line.map { "\($0) · " } ?? "")\(count.material) \(count.batchNo)"
            let book = count.session == nil ? words.kg(count.book) : "\(words.text("kiosk.warehouse.fed")) \(words.kg(count.book))"
            screen.banner(" ! \(words.text("kiosk.warehouse.nothing_left")): \(what) · \(book) → 0 \(words.text("unit.kg")). "
                          + words.text("kiosk.warehouse.nothing_left_confirm"), row: banner, rows: 3, style: .warn)
        case .confirmDifference(let line, let difference):
            screen.banner(" ! \(words.text("kiosk.warehouse.difference")): \(line.material) \(line.batchNo) · " + differenceText(difference)
                          + ". " + words.text("kiosk.warehouse.difference_confirm"), row: banner, rows: 3, style: .warn)
        case .counted(let count):
            screen.banner(" ✔ \(words.text("kiosk.warehouse.counted")): \(count.line.map { "\($0) · " } ?? "")\(count.material) \(count.batchNo) \(words.kg(count.counted ?? "-"))"
                          + (count.variance.map { " · Δ \(words.kg($0))" } ?? ""), row: banner, style: .good)
        case .refused(let failure):
            let refusal = chrome.refusal(failure)
            screen.banner(refusal.text, row: banner, rows: 3, style: refusal.style)
        }
        chrome.draw(state.notice, on: &screen, row: banner)
        return screen
    }
}

extension WarehouseKiosk {
    /// "sent 25.000 kg · −3.000 kg (−12.0 %, limit 2 %)".
    func differenceText(_ difference: Difference) -> String {
        let words = chrome.locales
        return "\(words.text("kiosk.warehouse.sent")) \(words.kg(difference.sent)) · \(words.kg(difference.difference)) "
            + "(\(difference.percent) %, \(words.text("kiosk.warehouse.limit")) \(difference.limit) %)"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
