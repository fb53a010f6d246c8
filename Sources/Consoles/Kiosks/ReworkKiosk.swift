import FactoryCore
import Foundation

/// The grinder station (spec §17, M8). Scanning a container's seal (or a rejected package's
/// label) starts its IN weighing: the operator types the container's tare and Enter binds the
/// grinder scale's stable reading; more containers follow on the same order. The weigh-OUT
/// key asks which VT SKU came out, binds the output scale's reading and shows the order's
/// Loss%. Scrap that may not be ground goes the dispose path: lot, tare, reason.
public struct ReworkKiosk: Kiosk {
    public let chrome: Chrome
    /// The binding window (IOT_ACCEPT_WINDOW_SEC): an older reading is shown as offline.
    public let window: Double

    public init(chrome: Chrome, window: Double) {
        self.chrome = chrome
        self.window = window
    }

    /// One container taken in.
    public struct Taken: Sendable, Equatable {
        public let label: String
        public let net: String
        /// How many sessions' scrap it closed (FIFO), and the IN weight that found none.
        public let sessions: Int
        public let excess: String?

        public init(label: String, net: String, sessions: Int, excess: String?) {
            (self.label, self.net, self.sessions, self.excess) = (label, net, sessions, excess)
        }
    }

    /// The order on the grinder, from its first container to its OUT weighing.
    public struct Order: Sendable, Equatable {
        public let id: String
        public var inTotal: String
        public var containers: [Taken]

        public init(id: String, inTotal: String, containers: [Taken]) {
            (self.id, self.inTotal, self.containers) = (id, inTotal, containers)
        }
    }

    public struct Closed: Sendable, Equatable {
        public let out: String
        public let inTotal: String
        public let lossPercent: String?
        public let vtBatch: String
        /// The loss is beyond the alert threshold (15 %): shown as a warning, the shop head is told.
        public let lossAboveLimit: Bool

        public init(out: String, inTotal: String, lossPercent: String?, vtBatch: String, lossAboveLimit: Bool = false) {
            (self.out, self.inTotal, self.lossPercent, self.vtBatch, self.lossAboveLimit) = (out, inTotal, lossPercent, vtBatch, lossAboveLimit)
        }
    }

    /// What the typed field is for.
    public enum Step: Sendable, Equatable {
        /// Waiting for a container's seal or a rejected package's label.
        case scan
        case tare(seal: String?, packageQR: String?)
        case vtSKU
        case disposeLot
        case disposeTare(lot: String)
        case disposeReason(lot: String, tare: String)
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case takenIn(Taken)
        case closed(Closed)
        case disposed(lot: String, net: String)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        /// The IN scale's latest reading, and the OUT scale's (shown while weighing out).
        public var reading: LiveWeight?
        public var outReading: LiveWeight?
        public var now: Timestamp
        public var order: Order?
        public var step = Step.scan
        public var field = ""
        public var outcome = Outcome.none
        public var busy = false
        /// What the last key could not do, and why; gone with the next key.
        public var notice: Notice?
        /// The VT SKU an empty answer means (the plant's first VT SKU).
        public var defaultVTSKU: String?

        public init(user: String, now: Timestamp, defaultVTSKU: String?) {
            self.user = user
            self.now = now
            self.defaultVTSKU = defaultVTSKU
        }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case reading(LiveWeight?, now: Timestamp)
        case outReading(LiveWeight?, now: Timestamp)
        case takenIn(orderID: String, inTotal: String, Taken)
        case closed(Closed)
        case disposed(lot: String, net: String)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case takeIn(orderID: String?, seal: String?, packageQR: String?, tare: String)
        case takeOut(orderID: String, vtSKU: String)
        case dispose(lot: String, tare: String, reason: String)
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
        case .outReading(let reading, let now):
            state.outReading = reading
            state.now = now
        case .input(.scan(let code)):
            guard !state.busy else { break }
            if state.step == .scan { state.step = Self.container(code) } else { state.field = code }
        case .input(.retract(let typed)):
            state.field.retract(typed)
        case .input(.key(.character(let character))):
            if state.field.count < 60 { state.field.append(character) }
        case .input(.key(.named("Backspace"))):
            if !state.field.isEmpty { state.field.removeLast() }
        case .input(.key(.named(let name))):
            guard !state.busy else { break }
            switch chrome.keymap.action(for: name) {
            case .confirm: return confirm(state)
            case .weighOut:
                guard let order = state.order, !order.containers.isEmpty else {
                    state.notice = Notice("kiosk.rework.nothing_to_weigh_out")
                    break
                }
                state.step = .vtSKU
                state.field = ""
            case .dispose:
                state.step = .disposeLot
                state.field = ""
            case .cancel:
                state.step = .scan
                state.field = ""
            case .help: state.notice = .help("rework")
            case .logout: return (state, [.logout])
            case .switchLanguage: return (state, [.switchLanguage])
            default: break
            }
        case .takenIn(let orderID, let inTotal, let taken):
            state.busy = false
            var order = state.order ?? Order(id: orderID, inTotal: inTotal, containers: [])
            order.inTotal = inTotal
            order.containers.append(taken)
            state.order = order
            state.outcome = .takenIn(taken)
        case .closed(let closed):
            state.busy = false
            state.order = nil
            state.outcome = .closed(closed)
        case .disposed(let lot, let net):
            state.busy = false
            state.outcome = .disposed(lot: lot, net: net)
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
        }
        return (state, [])
    }

    /// A scanned package label (`FG-…`) is scrap from a rejected package; anything else is a seal.
    static func container(_ code: String) -> Step {
        QRCode(scanned: code) != nil ? .tare(seal: nil, packageQR: code) : .tare(seal: code, packageQR: nil)
    }

    private func confirm(_ state: State) -> (State, [Effect]) {
        var state = state
        let typed = state.field.trimmingCharacters(in: .whitespaces)
        state.field = ""
        switch state.step {
        case .scan:
            guard !typed.isEmpty else { break }
            state.step = Self.container(typed)
        case .tare(let seal, let qr):
            guard !typed.isEmpty else { break }
            state.busy = true
            state.step = .scan
            return (state, [.takeIn(orderID: state.order?.id, seal: seal, packageQR: qr, tare: typed)])
        case .vtSKU:
            guard let order = state.order, let sku = typed.isEmpty ? state.defaultVTSKU : typed else { break }
            state.busy = true
            state.step = .scan
            return (state, [.takeOut(orderID: order.id, vtSKU: sku)])
        case .disposeLot:
            if !typed.isEmpty { state.step = .disposeTare(lot: typed) }
        case .disposeTare(let lot):
            if !typed.isEmpty { state.step = .disposeReason(lot: lot, tare: typed) }
        case .disposeReason(let lot, let tare):
            guard !typed.isEmpty else { break }
            state.busy = true
            state.step = .scan
            return (state, [.dispose(lot: lot, tare: tare, reason: typed)])
        }
        return (state, [])
    }

    /// A container put on or taken off either grinder scale is someone at work.
    public func isPresence(_ event: Event, in state: State) -> Bool {
        switch event {
        case .reading(let reading?, _): reading.gross != state.reading?.gross
        case .outReading(let reading?, _): reading.gross != state.outReading?.gross
        default: false
        }
    }

    /// A loss above the alert threshold closes with the refusal's sound: someone should look.
    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .takenIn, .disposed: .success
        case .closed(let closed): closed.lossAboveLimit ? .refusal : .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }

    public func view(_ state: State, width: Int, height: Int) -> Screen {
        let words = chrome.locales
        var screen = chrome.frame(title: words.text("kiosk.rework.title"), user: state.user, width: width, height: height,
                                  actions: [.weighOut, .dispose, .cancel, .switchLanguage, .logout])
        if let order = state.order {
            screen.put("\(words.text("kiosk.rework.order")) \(order.id.prefix(8)) · \(words.text("word.in")) \(words.kg(order.inTotal)) · \(order.containers.count) \(words.text("kiosk.rework.containers"))",
                       row: 1, column: 2, style: .dim)
        } else {
            screen.put(words.text("kiosk.rework.no_order"), row: 1, column: 2, style: .dim)
        }
        chrome.drawBusy(state.busy, on: &screen)
        // The panel shows the scale of the step at hand: OUT while the VT is weighed out.
        let below = LiveWeight.draw(state.step == .vtSKU ? state.outReading : state.reading, now: state.now, window: window, on: &screen, row: 3,
                        locales: words)

        let prompt = "\(prompt(state.step)): "
        screen.put(prompt, row: below + 1, column: 2)
        screen.put(state.field.padding(toLength: max(state.field.count, 20), withPad: " ", startingAt: 0), row: below + 1, column: 2 + prompt.count, style: .input)
        screen.cursor = (below + 1, 2 + prompt.count + state.field.count)

        switch state.outcome {
        case .none: break
        case .takenIn(let taken):
            screen.fill(row: below + 3, style: .good)
            screen.put(" ✔ \(words.text("word.in")) \(taken.label): \(words.kg(taken.net)) · \(words.text("kiosk.rework.sessions")): \(taken.sessions)", row: below + 3, style: .good)
            if let excess = taken.excess {
                screen.fill(row: below + 4, style: .warn)
                screen.put(" ! \(words.text("kiosk.rework.excess")): \(words.kg(excess))", row: below + 4, style: .warn)
            }
        case .closed(let closed):
            let style: Screen.Style = closed.lossAboveLimit ? .warn : .good
            screen.fill(row: below + 3, style: style)
            screen.fill(row: below + 4, style: style)
            screen.put(" \(closed.lossAboveLimit ? "!" : "✔") \(words.text("word.out")) \(words.kg(closed.out)) / \(words.text("word.in")) \(words.kg(closed.inTotal)) · \(words.text("kiosk.rework.loss")) \(closed.lossPercent ?? "-") %",
                       row: below + 3, style: style)
            screen.put("   \(words.text("kiosk.rework.vt_batch")): \(closed.vtBatch)", row: below + 4, style: style)
            if closed.lossAboveLimit {
                screen.banner("   " + words.text("kiosk.rework.loss_high"), row: below + 5, rows: 2, style: style)
            }
        case .disposed(let lot, let net):
            screen.fill(row: below + 3, style: .good)
            screen.put(" ✔ \(words.text("kiosk.rework.disposed")): \(lot) · \(words.kg(net))", row: below + 3, style: .good)
        case .refused(let failure):
            let refusal = chrome.refusal(failure)
            screen.banner(refusal.text, row: below + 3, rows: 3, style: refusal.style)
        }

        if let order = state.order, !order.containers.isEmpty {
            screen.put(words.text("kiosk.rework.taken"), row: below + 6, column: 2, style: .dim)
            for (index, taken) in order.containers.suffix(max(0, height - below - 8)).enumerated() {
                screen.put("\(taken.label.padding(toLength: 24, withPad: " ", startingAt: 0)) \(words.kg(taken.net))", row: below + 7 + index, column: 2)
            }
        }
        chrome.draw(state.notice, on: &screen, row: below + 3)
        return screen
    }

    private func prompt(_ step: Step) -> String {
        let words = chrome.locales
        switch step {
        case .scan: return words.text("kiosk.rework.scan_prompt")
        case .tare(let seal, let qr): return "\(seal ?? qr ?? "") · \(words.text("kiosk.rework.tare_prompt"))"
        case .vtSKU: return words.text("kiosk.rework.vt_prompt")
        case .disposeLot: return words.text("kiosk.rework.dispose_lot")
        case .disposeTare(let lot): return "\(lot) · \(words.text("kiosk.rework.tare_prompt"))"
        case .disposeReason(let lot, _): return "\(lot) · \(words.text("kiosk.rework.dispose_reason"))"
        }
    }
}
