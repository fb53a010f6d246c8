/// A package in the OTK queue with what the inspector reads before deciding (spec §17.5, the
/// right-hand "package detail"): its line, lot, shift and crew, and how its weight stands
/// against the SKU's norm for its length. The norm comes from the one tolerance rule, so the
/// inspector sees the figure packing judged by.
public struct QCQueueEntry: Sendable, Equatable {
    public let package: Package
    public let workcenter: String
    public let lot: String
    public let shift: Shift
    public let operators: [String]
    /// The SKU's weight norm for the package's length and the deviation from it; nil when the
    /// package has no length or its SKU no usable conversion.
    public let norm: Grams?
    public let deviation: Percent?
    public let tolerance: Percent?
}

extension QCService {
    /// The OTK queue, oldest first, each package with its detail.
    public func queueEntries(_ db: any SQLConnection, by actor: Actor, workcenter: String? = nil) throws -> [QCQueueEntry] {
        let packages = try queue(db, by: actor, workcenter: workcenter)
        var sessions: [Session.ID: (Session, Tolerance.Factors)] = [:]
        return try packages.map { package in
            if sessions[package.sessionID] == nil {
                sessions[package.sessionID] = (try Session.load(db, package.sessionID),
                                               try PackageService.factors(try PackageService.lineRow(db, session: package.sessionID)))
            }
            let (session, factors) = sessions[package.sessionID]!
            let judged = PackageNorm.of(package, factors: factors)
            return QCQueueEntry(package: package, workcenter: session.workcenter, lot: session.partiyaNo, shift: session.shift,
                                operators: session.operators, norm: judged?.norm, deviation: judged?.deviation, tolerance: factors.toleranceWeight)
        }
    }
}
