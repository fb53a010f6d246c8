/// The two "≤ 2" rules of DECISIONS B2 and the qualification rule of B3, as decisions over
/// plain facts.
public enum OperatorLimits {
    public static let maximumOperatorsPerSession = 2

    /// One operator's standing when a session would start with them.
    public struct Operator: Sendable, Equatable {
        public let username: String
        public let grade: Grade?
        /// Sessions this operator already runs (opened or paused).
        public let openSessions: Int
        public let qualified: Bool

        public init(username: String, grade: Grade?, openSessions: Int, qualified: Bool) {
            self.username = username
            self.grade = grade
            self.openSessions = openSessions
            self.qualified = qualified
        }
    }

    public enum Refusal: Sendable, Equatable {
        /// Not 1 or 2 operators (validation, not a gate).
        case crewSize(Int)
        /// `gt_2_extruder`: the operator would run more lines than the grade allows.
        case tooManyLines(username: String, lines: Int, allowed: Int)
        /// `e3_qualification`: not qualified for the workcenter.
        case notQualified(username: String)
    }

    /// Every reason the crew may not start, in the order a shop head would fix them.
    public static func check(crew: [Operator]) -> [Refusal] {
        guard (1...maximumOperatorsPerSession).contains(crew.count) else { return [.crewSize(crew.count)] }
        var refusals: [Refusal] = []
        for member in crew {
            let allowed = (member.grade ?? .stajor).maximumOpenLines
            if member.openSessions + 1 > allowed {
                refusals.append(.tooManyLines(username: member.username, lines: member.openSessions + 1, allowed: allowed))
            }
            if !member.qualified { refusals.append(.notQualified(username: member.username)) }
        }
        return refusals
    }
}
