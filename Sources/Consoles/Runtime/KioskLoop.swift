import Foundation

/// Runs one kiosk on a terminal: keys through the scan detector into events, `update`,
/// effects through `perform` (which may answer with events), `view` and draw. Returns when an
/// effect says to leave, or after `idleSeconds` without a key or a sign of work at the station
/// (idle logout), which a countdown announces first: any key keeps the person signed in.
public struct KioskLoop<K: Kiosk> {
    public enum Next { case stay([K.Event]), leave }

    public let kiosk: K
    public let terminal: any Terminal
    public var detector: ScanDetector
    public var debounce = KeyDebounce()
    /// Seconds without a key before the loop ends (idle logout); nil never.
    public let idleSeconds: Double?
    public let minimumSize = (width: 80, height: 24)
    public let tooSmall: String
    /// The countdown's words for the seconds left ("Signing out in 25 s: press any key to stay").
    public let idleWarning: (Int) -> String
    /// The waiting line's words for the seconds an answer has taken so far.
    public let waiting: (Int) -> String

    public init(kiosk: K, terminal: any Terminal, detector: ScanDetector, idleSeconds: Double?, tooSmall: String,
                idleWarning: @escaping (Int) -> String = { "\($0)" }, waiting: @escaping (Int) -> String = { "\($0)" }) {
        self.kiosk = kiosk
        self.terminal = terminal
        self.detector = detector
        self.idleSeconds = idleSeconds
        self.tooSmall = tooSmall
        self.idleWarning = idleWarning
        self.waiting = waiting
    }

    /// How long before an idle sign-out the countdown shows: 30 s, or half the idle time when
    /// that is shorter.
    public static func warningSeconds(idle: Double) -> Double { min(30, idle / 2) }

    public mutating func run(_ initial: K.State, events: (() -> [K.Event])? = nil,
                             perform: @escaping (K.Effect) -> Next) -> K.State {
        var state = initial
        var lastKey = ContinuousClock.now
        // The seconds the countdown shows, while it shows.
        var countdown: Int?
        // Effects not yet started, and the one under way.
        var effects: [K.Effect] = []
        let runner = EffectRunner<Next>()
        // The whole seconds the waiting line shows, while an effect takes long.
        var waited: Int?
        func secondsLeft() -> Int? {
            guard let idleSeconds else { return nil }
            let idle = (ContinuousClock.now - lastKey).components
            let left = idleSeconds - (Double(idle.seconds) + Double(idle.attoseconds) / 1e18)
            return left <= Self.warningSeconds(idle: idleSeconds) ? max(0, Int(left.rounded(.up))) : nil
        }
        func draw() {
            let (width, height) = terminal.size
            guard width >= minimumSize.width, height >= minimumSize.height else {
                var screen = Screen(width: width, height: height)
                screen.put(tooSmall, row: 0)
                terminal.draw(screen)
                return
            }
            var screen = kiosk.view(state, width: width, height: height)
            if let waited {
                screen.banner(" ⧖ " + waiting(waited), row: height - 2, rows: 1, style: waited >= Self.slowSeconds ? .warn : .info)
            } else if let countdown {
                screen.banner(" ⧖ " + idleWarning(countdown), row: height - 2, rows: 1, style: .warn)
            }
            terminal.draw(screen)
        }
        draw()
        while true {
            var inputs: [KeyInput] = []
            if let key = terminal.nextKey(timeoutMilliseconds: 10) {
                lastKey = ContinuousClock.now
                var resized = key == .named("Resize")
                if !resized, debounce.accepts(key, at: lastKey) { inputs = detector.feed(key, at: lastKey) }
                // Keys already waiting are read before anything is drawn: a scanner's burst keeps
                // its pace however long a draw takes, and a burst is drawn once, not per key.
                // (At most a screenful of keys at a time, so a terminal that never runs dry cannot
                // keep the screen from being drawn.)
                for _ in 0..<256 {
                    guard let more = terminal.nextKey(timeoutMilliseconds: 0) else { break }
                    if more == .named("Resize") { resized = true; continue }
                    let at = ContinuousClock.now
                    if debounce.accepts(more, at: at) { inputs += detector.feed(more, at: at) }
                }
                if resized { draw() }
            } else if let idleSeconds, !runner.isRunning, effects.isEmpty, ContinuousClock.now - lastKey > .seconds(idleSeconds) {
                return state
            }
            let arrived = events?() ?? []
            if arrived.contains(where: { kiosk.isPresence($0, in: state) }) { lastKey = ContinuousClock.now }
            var changed = false
            let left = runner.isRunning ? nil : secondsLeft()
            if left != countdown { countdown = left; changed = true }

            // An effect's answers come before any key read after the key that caused it.
            var pending: [K.Event] = []
            if let answer = runner.take() {
                switch answer {
                case .leave: return state
                case .stay(let more): pending = more
                }
            }
            pending += inputs.map(K.input) + arrived
            while !pending.isEmpty || (!runner.isRunning && !effects.isEmpty) {
                if !pending.isEmpty {
                    let event = pending.removeFirst()
                    if let feedback = kiosk.feedback(event) { terminal.sound(feedback) }
                    let (next, more) = kiosk.update(state, event)
                    state = next
                    effects += more
                    changed = true
                    continue
                }
                // The state an effect starts from ("wait…") is on screen while the effect runs.
                draw()
                let effect = effects.removeFirst()
                runner.start { perform(effect) }
                // Most answers come within milliseconds: wait that long before drawing a waiting line.
                for _ in 0..<Self.quickPolls {
                    guard runner.isRunning, runner.elapsed().map({ $0 < .milliseconds(30) }) ?? false else { break }
                    if let answer = runner.take() {
                        switch answer {
                        case .leave: return state
                        case .stay(let more): pending += more
                        }
                        break
                    }
                    Thread.sleep(forTimeInterval: 0.000_2)
                }
                if let answer = runner.take() {
                    switch answer {
                    case .leave: return state
                    case .stay(let more): pending += more
                    }
                }
                changed = true
            }
            // The waiting line shows as soon as an answer takes longer than a glance (0.3 s).
            let seconds = runner.elapsed().flatMap { $0 >= .milliseconds(300) ? Int($0.components.seconds) : nil }
            if seconds != waited { waited = seconds; changed = true }
            if changed { draw() }
        }
    }

    /// After this long an effect's waiting line says what to do if it lasts.
    static var slowSeconds: Int { 10 }
    static var quickPolls: Int { 150 }
}
