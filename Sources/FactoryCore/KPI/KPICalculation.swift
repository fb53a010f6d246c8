/// Shift results from KPI facts, without a database: which rolls count, each line's plan,
/// achievement and bonus per shift, and the bonus split over the crew (`KPIFormula`,
/// `CrewSplit`).
public enum KPICalculation {
    public struct Exclusion: Sendable, Equatable {
        public enum Reason: String, Sendable {
            case manualWeight = "manual_weight", manualLength = "manual_length"
            case sessionOpen = "session_open", pendingQC = "pending_qc", noNorm = "no_norm"
        }

        public let roll: KPIFacts.Roll
        public let quantityMilli: Int64
        public let reason: Reason
    }

    public struct Part: Sendable, Equatable {
        public let skuCode: String
        public let norm: KPIFacts.Norm
        public let planMilli: Int64
        public let factMilli: Int64
    }

    public struct Share: Sendable, Equatable {
        public let userID: String
        public let username: String
        public let minutes: Int64
        public let share: Money
    }

    public struct ShiftResult: Sendable, Equatable {
        public enum Note: String, Sendable {
            /// Rolls were packed but nobody's attendance is recorded: no crew, no plan, no bonus.
            case noAttendance = "no_attendance"
            /// The crew worked but nothing of theirs counts yet.
            case noOutput = "no_output"
        }

        public let workcenterID: String
        public let shiftStart: Timestamp
        public let uom: UnitOfMeasure
        public let actualCrew: Int64
        public let parts: [Part]
        public let achievement: Percent
        public let bonus: Money
        public let shares: [Share]
        public let note: Note?

        public var planMilli: Int64 { parts.reduce(0) { $0 + $1.planMilli } }
        public var factMilli: Int64 { parts.reduce(0) { $0 + $1.factMilli } }
    }

    public struct Outcome: Sendable, Equatable {
        public let results: [ShiftResult]
        public let exclusions: [Exclusion]
        public var bonusTotal: Money { Money(minorUnits: results.reduce(0) { $0 + $1.bonus.minorUnits }) }
    }

    /// Why a roll does not count, or nil when it does. A typed measure counts only when the
    /// configuration allows manual records or the shop head overrode that roll.
    static func exclusion(of roll: KPIFacts.Roll, norm: KPIFacts.Norm?, allowManual: Bool) -> Exclusion.Reason? {
        guard let norm else { return .noNorm }
        if !roll.sessionClosed { return .sessionOpen }
        if !roll.qcOK { return .pendingQC }
        if roll.isManual(in: norm.uom) && !roll.overridden && !allowManual {
            return norm.uom == .kg ? .manualWeight : .manualLength
        }
        return nil
    }

    public static func compute(_ facts: KPIFacts) -> Outcome {
        struct ShiftKey: Hashable, Comparable {
            let shiftStart: Timestamp
            let workcenterID: String
            static func < (a: ShiftKey, b: ShiftKey) -> Bool { (a.shiftStart, a.workcenterID) < (b.shiftStart, b.workcenterID) }
        }
        struct NormKey: Hashable { let skuID: String, workcenterID: String }
        let norms = Dictionary(facts.norms.map { (NormKey(skuID: $0.skuID, workcenterID: $0.workcenterID), $0) }, uniquingKeysWith: { a, _ in a })

        var counted: [ShiftKey: [String: (norm: KPIFacts.Norm, skuCode: String, fact: Int64)]] = [:]
        var exclusions: [Exclusion] = []
        for roll in facts.rolls {
            let key = ShiftKey(shiftStart: roll.shiftStart, workcenterID: roll.workcenterID)
            let norm = norms[NormKey(skuID: roll.skuID, workcenterID: roll.workcenterID)]
            if let reason = exclusion(of: roll, norm: norm, allowManual: facts.config.allowManual) {
                exclusions.append(Exclusion(roll: roll, quantityMilli: roll.quantity(in: norm?.uom ?? .kg), reason: reason))
                // The SKU still ran in that shift: its plan stands even when nothing of it counts.
                if let norm, counted[key]?[roll.skuID] == nil { counted[key, default: [:]][roll.skuID] = (norm, roll.skuCode, 0) }
                continue
            }
            guard let norm else { continue }
            counted[key, default: [:]][roll.skuID, default: (norm, roll.skuCode, 0)].fact += roll.quantity(in: norm.uom)
        }
        var crews: [ShiftKey: [KPIFacts.Attendance]] = [:]
        for person in facts.attendance where person.minutes > 0 {
            crews[ShiftKey(shiftStart: person.shiftStart, workcenterID: person.workcenterID), default: []].append(person)
        }

        let keys = Set(counted.keys).union(crews.keys).sorted()
        let results = keys.map { key -> ShiftResult in
            let crew = (crews[key] ?? []).sorted { $0.username < $1.username }
            let actualCrew = Int64(crew.count)
            let parts = (counted[key] ?? [:]).values.sorted { $0.skuCode < $1.skuCode }.map { entry in
                Part(skuCode: entry.skuCode, norm: entry.norm,
                     planMilli: KPIFormula.planUnit(plan24hMilli: entry.norm.plan24hMilli, shiftHours: entry.norm.shiftHours,
                                                    actualCrew: actualCrew, normCrew: entry.norm.normCrew),
                     factMilli: entry.fact)
            }
            let achievement = KPIFormula.achievement(parts.map { .init(factMilli: $0.factMilli, planMilli: $0.planMilli) },
                                                     cap: facts.config.cap)
            let bonus = KPIFormula.bonus(at100: facts.config.bonusAt100, achievement: achievement)
            let split = CrewSplit.shares(of: bonus, over: crew.map { .init(key: $0.username, minutes: $0.minutes) })
            let shares = zip(crew, split).map { Share(userID: $0.userID, username: $0.username, minutes: $0.minutes, share: $1) }
            let note: ShiftResult.Note? = crew.isEmpty ? .noAttendance : (parts.allSatisfy { $0.factMilli == 0 } ? .noOutput : nil)
            return ShiftResult(workcenterID: key.workcenterID, shiftStart: key.shiftStart, uom: parts.first?.norm.uom ?? .kg,
                               actualCrew: actualCrew, parts: parts, achievement: achievement,
                               bonus: crew.isEmpty ? Money(minorUnits: 0) : bonus, shares: shares, note: note)
        }
        return Outcome(results: results, exclusions: exclusions)
    }
}
