import FactoryCore
import Foundation

/// A kiosk terminal from sign-in to logout and back: the login screen, the role check, the
/// role's kiosk with its service calls, language switching, and idle logout.
public final class KioskApp {
    /// What this terminal is: a floor station (FactoryCore says who may open it), or the wall
    /// panel, which nobody signs in to.
    public enum Role: RawRepresentable, CaseIterable, Sendable, Equatable {
        case station(Station)
        case panel

        public static var allCases: [Role] { Station.allCases.map(Role.station) + [.panel] }

        public init?(rawValue: String) {
            if rawValue == "panel" { self = .panel } else if let station = Station(rawValue: rawValue) { self = .station(station) } else { return nil }
        }

        public var rawValue: String {
            switch self {
            case .station(let station): station.rawValue
            case .panel: "panel"
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
        /// Where the finance console writes its exports, and a supervisor's console its reports.
        public var exportDirectory: String
        /// Where a supervisor's console prints a PDF report; none keeps the file only.
        public var reportPrinter: ReportPrinter?

        public init(language: Locales.Language = .uz, scannerPrefix: Character? = nil, scanGap: Duration = .milliseconds(30),
                    idleSeconds: Double = 300, device: String? = nil, outDevice: String? = nil, printer: LabelPrinter? = nil,
                    exportDirectory: String = "exports", reportPrinter: ReportPrinter? = nil) {
            self.language = language
            self.scannerPrefix = scannerPrefix
            self.scanGap = scanGap
            self.idleSeconds = idleSeconds
            self.device = device
            self.outDevice = outDevice
            self.printer = printer
            self.exportDirectory = exportDirectory
            self.reportPrinter = reportPrinter
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

    func chrome() throws -> Chrome {
        Chrome(locales: try Locales(directory: localesDirectory, language: options.language), keymap: keymap)
    }

    private var detector: ScanDetector { ScanDetector(maximumGap: options.scanGap, prefix: options.scannerPrefix) }

    private func nextLanguage() {
        let all = Locales.Language.allCases
        options.language = all[(all.firstIndex(of: options.language)! + 1) % all.count]
    }

    /// Runs until the process is stopped.
    public func run() throws {
        guard case .station(let station) = role else { return try servePanel() }
        while true {
            guard let actor = try signIn(at: station) else { continue }
            do {
                try work(at: station, as: actor)
            } catch let error as FactoryError {
                // Nothing to do here for this person (no opened session, …): back to the sign-in, saying why.
                notice = try chrome().banner(for: Failure(error))
            }
        }
    }

    /// A message the next sign-in screen shows.
    var notice: String?

    /// The login screen until someone allowed here signs in.
    func signIn(at station: Station) throws -> Actor? {
        var state = LoginKiosk.State()
        state.message = notice
        notice = nil
        while true {
            let chrome = try chrome()
            var signedIn: Actor?
            var switchLanguage = false
            var loop = KioskLoop(kiosk: LoginKiosk(chrome: chrome, kioskTitle: chrome.locales.text("kiosk.\(station.rawValue).title")),
                                 terminal: terminal, detector: detector, idleSeconds: nil, tooSmall: chrome.locales.text("screen.too_small"),
                                 waiting: { Self.waiting($0, chrome) })
            state = loop.run(state) { effect in
                switch effect {
                case .switchLanguage:
                    switchLanguage = true
                    return .leave
                case .signIn(let username, let pin):
                    do {
                        switch try station.signIn(self.services, username: username, pin: pin) {
                        case .accepted(let actor):
                            signedIn = actor
                            return .leave
                        case .wrong: return .stay([.refused(chrome.locales.text("login.wrong"))])
                        case .locked: return .stay([.refused(chrome.locales.text("login.locked"))])
                        case .disabled: return .stay([.refused(chrome.locales.text("login.disabled"))])
                        case .notAllowed: return .stay([.refused(chrome.locales.text("login.not_allowed"))])
                        }
                    } catch {
                        return .stay([.refused(chrome.banner(for: Failure(error)))])
                    }
                }
            }
            if switchLanguage { nextLanguage(); state.busy = false; continue }
            return signedIn
        }
    }

    /// The station's console until logout or idle timeout; each is its own file in `Stations/`.
    func work(at station: Station, as actor: Actor) throws {
        switch station {
        case .fg: try serveFG(as: actor)
        case .pack: try servePacking(as: actor)
        case .otk: try serveOTK(as: actor)
        case .rework: try serveRework(as: actor)
        case .warehouse: try serveWarehouse(as: actor)
        case .shophead: try serveShopHead(as: actor)
        case .technologist: try serveTechnologist(as: actor)
        case .director: try serveDirector(as: actor)
        case .finance: try serveFinance(as: actor)
        case .integrator: try serveIntegrator(as: actor)
        }
    }

    /// What a kiosk's effect comes to.
    enum Handled<Event> {
        case stay([Event])
        case leave
        case switchLanguage
        /// Another page of the same console (the inbox from the board, a session from the list).
        case open(ConsolePage)
    }

    /// The waiting line while the system takes long to answer: how long so far, and after ten
    /// seconds what to do if it lasts.
    static func waiting(_ seconds: Int, _ chrome: Chrome) -> String {
        let key = seconds >= 10 ? "kiosk.waiting_long" : (seconds == 0 ? "kiosk.waiting_now" : "kiosk.waiting")
        return chrome.locales.text(key, filling: ["seconds": String(seconds)])
    }

    /// Runs one kiosk until it is left; a language switch redraws it in the next language and
    /// keeps its state. Answers the console page asked for, or nil when the person left.
    @discardableResult
    func serve<K: Kiosk>(_ make: (Chrome) -> K, _ initial: K.State, signedIn: Bool = true, events: (() -> [K.Event])? = nil,
                         _ handle: @escaping (K.Effect) -> Handled<K.Event>) throws -> ConsolePage? {
        var state = initial
        var page: ConsolePage?
        while true {
            let chrome = try chrome()
            var switching = false
            var loop = KioskLoop(kiosk: make(chrome), terminal: terminal, detector: detector, idleSeconds: signedIn ? options.idleSeconds : nil,
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
                case .open(let next):
                    page = next
                    return .leave
                }
            }
            guard switching else { return page }
            nextLanguage()
        }
    }
}
