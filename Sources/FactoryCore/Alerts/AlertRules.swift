/// The alert rules of spec §20 and DECISIONS A/B17, each a pure function of facts read at one
/// moment and of thresholds from the configuration. Condition rules (a silent scale, the shift's
/// RS share, the backlog, a calibration due) hold while their condition does and close
/// themselves when it ends; event rules (a grinder order's loss, a shipment's difference, a
/// line's delta trending up) stay until a person closes them.
public enum AlertRule: String, CaseIterable, Sendable {
    /// P1: a scale of a line with a session running sent nothing for longer than allowed.
    case ingestSilent = "ingest_silent"
    /// P1: the database did not answer the monitor.
    case databaseUnreachable = "database_unreachable"
    /// P2: the shift's RS-trusted share fell below its target (DECISIONS B23).
    case rsTrustedRatio = "rs_trusted_ratio"
    /// P2: Bitrix24 items waiting or stopped beyond the allowed number.
    case integrationBacklog = "integration_backlog"
    /// P3: a grinder order lost more than allowed (DECISIONS A).
    case reworkLossPct = "rework_loss_pct"
    /// P3: a shipment arrived weighing differently from what was sent (B17).
    case transferDifferencePct = "transfer_difference_pct"
    /// P3: each of a line's last sessions closed with a larger delta than the one before, the
    /// last near its limit.
    case deltaTrend = "delta_trend"
    /// P3: a scale's calibration runs out soon.
    case calibrationDue = "calibration_due"

    public var severity: AlertSeverity {
        switch self {
        case .ingestSilent, .databaseUnreachable: .p1
        case .rsTrustedRatio, .integrationBacklog: .p2
        case .reworkLossPct, .transferDifferencePct, .deltaTrend, .calibrationDue: .p3
        }
    }

    /// What `value_milli` and `threshold_milli` count, in thousandths.
    public var unit: AlertUnit {
        switch self {
        case .ingestSilent, .databaseUnreachable: .seconds
        case .rsTrustedRatio, .reworkLossPct, .transferDifferencePct: .percent
        case .integrationBacklog: .items
        case .deltaTrend: .kilograms
        case .calibrationDue: .days
        }
    }

    /// The positions whose consoles show it and who answer for it (M14 routing); written into
    /// `routed_to` when it is raised. The wall panel shows what concerns the shop head.
    public var concerns: [Position] {
        switch self {
        case .ingestSilent, .calibrationDue: [.sexBoshligi, .integrator]
        case .databaseUnreachable: [.integrator, .direktor]
        case .rsTrustedRatio, .reworkLossPct: [.sexBoshligi, .direktor]
        case .integrationBacklog: [.integrator]
        case .transferDifferencePct: [.sexBoshligi, .mainOmbor]
        case .deltaTrend: [.texnolog, .sexBoshligi, .direktor]
        }
    }

    /// Whether the monitor closes the alert once its condition no longer holds.
    public var closesItself: Bool {
        switch self {
        case .ingestSilent, .databaseUnreachable, .rsTrustedRatio, .integrationBacklog, .calibrationDue: true
        case .reworkLossPct, .transferDifferencePct, .deltaTrend: false
        }
    }
}

public enum AlertUnit: String, Sendable {
    case seconds, percent, items, kilograms, days

    /// Digits after the point a person reads: whole seconds and items, a tenth of a percent or a
    /// day, grams of a delta.
    public var decimals: Int {
        switch self {
        case .seconds, .items: 0
        case .percent, .days: 1
        case .kilograms: 3
        }
    }
}

/// Where each rule draws its line; configuration keys `ALERT_*` (spec §13 names none, so the
/// spec's own figures are the defaults).
public struct AlertThresholds: Sendable, Equatable {
    public var silentSeconds: Int64 = 120
    /// Thousandths of a percent: 95 % is 95,000.
    public var rsTrustedMinimumMilli: Int64 = 95_000
    public var backlogMaximum: Int64 = 100
    public var calibrationDays: Int64 = 7
    /// How many of a line's last closed sessions must each have a larger delta than the one before.
    public var deltaTrendSessions: Int = 3
    /// The last of them must reach this share of its limit, in thousandths of a percent.
    public var deltaTrendShareMilli: Int64 = 50_000

    public init() {}
}

/// What the monitor read at one moment, as plain values.
public struct AlertFacts: Sendable, Equatable {
    public struct Scale: Sendable, Equatable {
        public let code: String
        /// The scale's last reading or heartbeat, or the start of the session if later: a scale is
        /// only silent while its line runs.
        public let heardSince: Timestamp
        public init(code: String, heardSince: Timestamp) { (self.code, self.heardSince) = (code, heardSince) }
    }

    public struct Calibration: Sendable, Equatable {
        public let code: String
        public let dueAt: Timestamp
        public init(code: String, dueAt: Timestamp) { (self.code, self.dueAt) = (code, dueAt) }
    }

    public struct ClosedSession: Sendable, Equatable {
        public let partiya: String
        public let delta: Grams
        public let limit: Grams
        public init(partiya: String, delta: Grams, limit: Grams) { (self.partiya, self.delta, self.limit) = (partiya, delta, limit) }
    }

    /// Scales of lines with a session running.
    public var runningScales: [Scale] = []
    /// Trusted and all weighings since the shift began.
    public var shiftWeighings: (trusted: Int64, all: Int64) = (0, 0)
    /// Bitrix24 items not sent (pending or stopped in error).
    public var backlog: Int64 = 0
    public var calibrations: [Calibration] = []
    /// Per line, its last closed sessions, oldest first.
    public var lineSessions: [String: [ClosedSession]] = [:]

    public init() {}

    public static func == (a: AlertFacts, b: AlertFacts) -> Bool {
        a.runningScales == b.runningScales && a.shiftWeighings == b.shiftWeighings && a.backlog == b.backlog
            && a.calibrations == b.calibrations && a.lineSessions == b.lineSessions
    }
}

/// A rule that holds for one object now: what the alert says.
public struct AlertFinding: Sendable, Equatable {
    public let rule: AlertRule
    /// The object it is about (`scale-E1-pack-01`, `E2`, `plant`): one open alert per rule and object.
    public let object: String
    /// The measured value and the threshold, in thousandths of the rule's unit (seconds,
    /// percent, items, days, kilograms).
    public let valueMilli: Int64
    public let thresholdMilli: Int64

    public init(rule: AlertRule, object: String, valueMilli: Int64, thresholdMilli: Int64) {
        (self.rule, self.object, self.valueMilli, self.thresholdMilli) = (rule, object, valueMilli, thresholdMilli)
    }
}

public enum AlertRules {
    /// Every finding of the condition rules and the delta trend at `now`.
    public static func findings(_ facts: AlertFacts, _ limits: AlertThresholds, now: Timestamp) -> [AlertFinding] {
        silentScales(facts, limits, now) + rsTrusted(facts, limits) + backlog(facts, limits) + calibrations(facts, limits, now) + deltaTrends(facts, limits)
    }

    static func silentScales(_ facts: AlertFacts, _ limits: AlertThresholds, _ now: Timestamp) -> [AlertFinding] {
        facts.runningScales.compactMap { scale in
            let silent = Int64(now.seconds(since: scale.heardSince).rounded(.down))
            guard silent > limits.silentSeconds else { return nil }
            return AlertFinding(rule: .ingestSilent, object: scale.code, valueMilli: silent * 1000, thresholdMilli: limits.silentSeconds * 1000)
        }
    }

    static func rsTrusted(_ facts: AlertFacts, _ limits: AlertThresholds) -> [AlertFinding] {
        let (trusted, all) = facts.shiftWeighings
        guard all > 0 else { return [] }
        // Exact: trusted/all < minimum/100,000 without rounding the share.
        guard trusted * 100_000 < limits.rsTrustedMinimumMilli * all else { return [] }
        return [AlertFinding(rule: .rsTrustedRatio, object: "plant", valueMilli: trusted * 100_000 / all, thresholdMilli: limits.rsTrustedMinimumMilli)]
    }

    static func backlog(_ facts: AlertFacts, _ limits: AlertThresholds) -> [AlertFinding] {
        guard facts.backlog > limits.backlogMaximum else { return [] }
        return [AlertFinding(rule: .integrationBacklog, object: "bitrix24", valueMilli: facts.backlog * 1000, thresholdMilli: limits.backlogMaximum * 1000)]
    }

    static func calibrations(_ facts: AlertFacts, _ limits: AlertThresholds, _ now: Timestamp) -> [AlertFinding] {
        facts.calibrations.compactMap { device in
            let left = device.dueAt.microsecondsSinceEpoch - now.microsecondsSinceEpoch
            guard left <= limits.calibrationDays * 86_400 * 1_000_000 else { return nil }
            // Days left, to the thousandth; negative once expired (the calibration gate then blocks it too).
            return AlertFinding(rule: .calibrationDue, object: device.code, valueMilli: left / 86_400_000, thresholdMilli: limits.calibrationDays * 1000)
        }
    }

    static func deltaTrends(_ facts: AlertFacts, _ limits: AlertThresholds) -> [AlertFinding] {
        facts.lineSessions.keys.sorted().compactMap { line in
            let last = Array(facts.lineSessions[line]!.suffix(limits.deltaTrendSessions))
            guard limits.deltaTrendSessions >= 2, last.count == limits.deltaTrendSessions,
                  zip(last, last.dropFirst()).allSatisfy({ $0.delta < $1.delta }), let newest = last.last, newest.limit.grams > 0,
                  newest.delta.grams * 100_000 >= limits.deltaTrendShareMilli * newest.limit.grams else { return nil }
            return AlertFinding(rule: .deltaTrend, object: line, valueMilli: newest.delta.grams, thresholdMilli: newest.limit.grams)
        }
    }
}
