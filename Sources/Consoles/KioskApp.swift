import FactoryCore
import Foundation

/// A kiosk terminal from sign-in to logout and back: the login screen, the role check, the
/// role's kiosk with its service calls, language switching, and idle logout.
public final class KioskApp {
    public enum Role: String, CaseIterable, Sendable {
        case fg, pack, otk, rework, warehouse

        var permission: Permission {
            switch self {
            case .fg: .fgReceive
            case .pack: .packageCreate
            case .otk: .qcDecide
            case .rework: .reworkOperate
            case .warehouse: .stockReceiveTransfer
            }
        }
    }

    public struct Options: Sendable {
        public var language: Locales.Language
        public var scannerPrefix: Character?
        public var scanGap: Duration
        public var idleSeconds: Double
        /// The scale this terminal stands at (the packing and grinder kiosks need it).
        public var device: String?
        /// The grinder's OUT scale, when the line has more than one other scale.
        public var outDevice: String?
        /// Where package labels go (`tcp://host:9100`, `file:/path`); none prints nothing.
        public var printer: LabelPrinter?

        public init(language: Locales.Language = .uz, scannerPrefix: Character? = nil, scanGap: Duration = .milliseconds(30),
                    idleSeconds: Double = 300, device: String? = nil, outDevice: String? = nil, printer: LabelPrinter? = nil) {
            self.language = language
            self.scannerPrefix = scannerPrefix
            self.scanGap = scanGap
            self.idleSeconds = idleSeconds
            self.device = device
            self.outDevice = outDevice
            self.printer = printer
        }
    }

    let services: FactoryServices
    let role: Role
    let terminal: any Terminal
    let localesDirectory: URL
    let keymap: Keymap
    var options: Options

    public init(services: FactoryServices, role: Role, terminal: any Terminal, localesDirectory: URL, keymap: Keymap, options: Options) {
        self.services = services
        self.role = role
        self.terminal = terminal
        self.localesDirectory = localesDirectory
        self.keymap = keymap
        self.options = options
    }

    private func chrome() throws -> Chrome {
        Chrome(locales: try Locales(directory: localesDirectory, language: options.language), keymap: keymap)
    }

    private var detector: ScanDetector { ScanDetector(maximumGap: options.scanGap, prefix: options.scannerPrefix) }

    private func nextLanguage() {
        let all = Locales.Language.allCases
        options.language = all[(all.firstIndex(of: options.language)! + 1) % all.count]
    }

    /// Runs until the process is stopped.
    public func run() throws {
        while true {
            guard let actor = try signIn() else { continue }
            do {
                try work(as: actor)
            } catch let error as FactoryError {
                // Nothing to do here for this person (no opened session, …): back to the sign-in, saying why.
                notice = try chrome().banner(for: Failure(error))
            }
        }
    }

    /// A message the next sign-in screen shows.
    var notice: String?

    /// The login screen until someone allowed here signs in.
    func signIn() throws -> Actor? {
        var state = LoginKiosk.State()
        state.message = notice
        notice = nil
        while true {
            let chrome = try chrome()
            var signedIn: Actor?
            var switchLanguage = false
            var loop = KioskLoop(kiosk: LoginKiosk(chrome: chrome, kioskTitle: chrome.locales.text("kiosk.\(role.rawValue).title")),
                                 terminal: terminal, detector: detector, idleSeconds: nil, tooSmall: chrome.locales.text("screen.too_small"),
                                 waiting: { Self.waiting($0, chrome) })
            state = loop.run(state) { effect in
                switch effect {
                case .switchLanguage:
                    switchLanguage = true
                    return .leave
                case .signIn(let username, let pin):
                    do {
                        let attempts = self.services.credentialAttempts
                        let attempt = CredentialAttempts.Attempt(username: username, kind: .pin, channel: "kiosk:\(self.role.rawValue)")
                        let checked = try self.services.database.read { try attempts.check($0, attempt, secret: pin) }
                        // Every attempt is audited and a run of wrong PINs locks, as on the API.
                        if let refusal = try self.services.perform({ try attempts.record($0, checked) }) {
                            let key = refusal.code == .rateLimited ? "login.locked" : (refusal.reason == "user_disabled" ? "login.disabled" : "login.wrong")
                            return .stay([.refused(chrome.locales.text(key))])
                        }
                        guard case .accepted(let user) = checked.verdict else { return .stay([.refused(chrome.locales.text("login.wrong"))]) }
                        guard PermissionMatrix.allows(user.position, self.role.permission) else {
                            return .stay([.refused(chrome.locales.text("login.not_allowed"))])
                        }
                        signedIn = Actor(user)
                        return .leave
                    } catch {
                        return .stay([.refused(chrome.banner(for: Failure(error)))])
                    }
                }
            }
            if switchLanguage { nextLanguage(); state.busy = false; continue }
            return signedIn
        }
    }

    /// The role's kiosk until logout or idle timeout.
    func work(as actor: Actor) throws {
        switch role {
        case .fg:
            let desk = FGDesk(services: services, actor: actor)
            try serve({ FGScannerKiosk(chrome: $0) }, FGScannerKiosk.State(user: actor.username)) { effect in
                switch effect {
                case .logout: .leave
                case .switchLanguage: .switchLanguage
                case .receive(let scanned): .stay([desk.receive(scanned)])
                case .loadList: .stay([desk.list()])
                }
            }
        case .pack:
            let station = try PackingStation.find(services, device: options.device, operator: actor, printer: options.printer)
            let feed = ReadingFeed(storage: services.configuration.storage, device: station.scale.code)
            let window = Double(services.configuration.iotAcceptWindowSeconds)
            let state = PackingKiosk.State(user: actor.username, session: station.title, now: services.clock.now())
            try serve({ PackingKiosk(chrome: $0, window: window) }, state, events: {
                feed.due() ? [.reading(station.latest(), now: self.services.clock.now())] : []
            }) { effect in
                switch effect {
                case .logout: .leave
                case .switchLanguage: .switchLanguage
                case .pack: .stay(station.pack(by: actor))
                case .packManual(let metres, let reason): .stay(station.pack(by: actor, manual: (metres, reason)))
                case .reprint(let id): .stay([station.print(id)])
                case .submitReview(let id, let reason): .stay([station.submitReview(id, reason: reason, by: actor)])
                }
            }
        case .rework:
            let desk = try ReworkDesk.find(services, device: options.device, outDevice: options.outDevice, actor: actor)
            let feeds = (in: ReadingFeed(storage: services.configuration.storage, device: desk.scale.code),
                         out: ReadingFeed(storage: services.configuration.storage, device: desk.outScale.code))
            let window = Double(services.configuration.iotAcceptWindowSeconds)
            var state = ReworkKiosk.State(user: actor.username, now: services.clock.now(), defaultVTSKU: desk.defaultVTSKU)
            state.reading = desk.latest(on: desk.scale)
            state.outReading = desk.latest(on: desk.outScale)
            state.order = try desk.openOrder()
            try serve({ ReworkKiosk(chrome: $0, window: window) }, state, events: {
                let now = self.services.clock.now()
                return (feeds.in.due() ? [.reading(desk.latest(on: desk.scale), now: now)] : [])
                    + (feeds.out.due() ? [.outReading(desk.latest(on: desk.outScale), now: now)] : [])
            }) { effect in
                switch effect {
                case .logout: .leave
                case .switchLanguage: .switchLanguage
                case .takeIn(let order, let seal, let qr, let tare): .stay([desk.takeIn(order: order, seal: seal, packageQR: qr, tare: tare)])
                case .takeOut(let order, let sku): .stay([desk.takeOut(order: order, vtSKU: sku)])
                case .dispose(let lot, let tare, let reason): .stay([desk.dispose(lot: lot, tare: tare, reason: reason)])
                }
            }
        case .warehouse:
            let desk = try WarehouseDesk.find(services, device: options.device, actor: actor)
            let feed = ReadingFeed(storage: services.configuration.storage, device: desk.scale.code)
            var state = WarehouseKiosk.State(user: actor.username, place: desk.place, operations: desk.operations, now: services.clock.now())
            state.reading = desk.latest()
            state.shipment = try desk.openShipment()
            try serve({ WarehouseKiosk(chrome: $0, window: Double(self.services.configuration.iotAcceptWindowSeconds)) }, state, events: {
                feed.due() ? [.reading(desk.latest(), now: self.services.clock.now())] : []
            }) { effect in
                switch effect {
                case .logout: .leave
                case .switchLanguage: .switchLanguage
                case .loadBatches(let operation, let material): .stay([desk.batches(operation, material: material)])
                case .loadTransfers: .stay([desk.transfers()])
                case .ship(let operation, let material, let batch, let shipment):
                    .stay([desk.ship(operation, material: material, batchNo: batch, onto: shipment)])
                case .receive(let transfer, let line, let accept): .stay([desk.receive(transfer, line: line, acceptDifference: accept)])
                case .loadGrid: .stay([desk.grid()])
                case .count(let key, let weighed): .stay([desk.count(key, weighed: weighed)])
                }
            }
        case .otk:
            let desk = QCDesk(services: services, actor: actor, printer: options.printer)
            var lastLoad = ContinuousClock.now - .seconds(10)
            // The queue refreshes every two seconds.
            try serve({ QCQueueKiosk(chrome: $0) }, QCQueueKiosk.State(user: actor.username), events: {
                guard ContinuousClock.now - lastLoad >= .seconds(2) else { return [] }
                lastLoad = ContinuousClock.now
                return [desk.queue()]
            }) { effect in
                switch effect {
                case .logout: .leave
                case .switchLanguage: .switchLanguage
                case .loadQueue: .stay([desk.queue()])
                case .decide(let id, let decision, let pin, let okWeight, let finding):
                    .stay([desk.decide(id, decision, pin: pin, okWeight: okWeight, finding: finding)])
                }
            }
        }
    }

    /// What a kiosk's effect comes to.
    enum Handled<Event> {
        case stay([Event])
        case leave
        case switchLanguage
    }

    /// The waiting line while the system takes long to answer: how long so far, and after ten
    /// seconds what to do if it lasts.
    static func waiting(_ seconds: Int, _ chrome: Chrome) -> String {
        let key = seconds >= 10 ? "kiosk.waiting_long" : (seconds == 0 ? "kiosk.waiting_now" : "kiosk.waiting")
        return chrome.locales.text(key, filling: ["seconds": String(seconds)])
    }

    /// Runs one kiosk until it is left; a language switch redraws it in the next language and
    /// keeps its state.
    private func serve<K: Kiosk>(_ make: (Chrome) -> K, _ initial: K.State, events: (() -> [K.Event])? = nil,
                                 _ handle: @escaping (K.Effect) -> Handled<K.Event>) throws {
        var state = initial
        while true {
            let chrome = try chrome()
            var switching = false
            var loop = KioskLoop(kiosk: make(chrome), terminal: terminal, detector: detector, idleSeconds: options.idleSeconds,
                                 tooSmall: chrome.locales.text("screen.too_small"),
                                 idleWarning: { chrome.locales.text("kiosk.idle", filling: ["seconds": String($0)]) },
                                 waiting: { Self.waiting($0, chrome) })
            state = loop.run(state, events: events) { effect in
                switch handle(effect) {
                case .stay(let more): return .stay(more)
                case .leave: return .leave
                case .switchLanguage:
                    switching = true
                    return .leave
                }
            }
            guard switching else { return }
            nextLanguage()
        }
    }
}
