/// The gates a supervisor may release, with what they hold (spec §17.6, §18): the line and lot
/// of a session, or a package's label, and for the VT gate the share against the recipe's limit.
extension GateLog {
    public struct Held: Sendable, Equatable {
        public let record: GateRecord
        /// "E1 · P-2026-07" for a session, the label for a package, else the object's kind and id.
        public let about: String
        /// The VT gate's facts when it tripped: the share of VT in the input and the recipe's limit.
        public let vtShare: Percent?
        public let vtLimit: Percent?
        public let input: Grams?

        public init(record: GateRecord, about: String, vtShare: Percent? = nil, vtLimit: Percent? = nil, input: Grams? = nil) {
            (self.record, self.about, self.vtShare, self.vtLimit, self.input) = (record, about, vtShare, vtLimit, input)
        }
    }

    /// The open gates this person may release, oldest first.
    public func releasable(_ db: any SQLConnection, by actor: Actor) throws -> [Held] {
        let types = GateType.allCases.filter { PermissionMatrix.allows(actor.position, Self.releasePermission(for: $0)) }
        guard !types.isEmpty else { return [] }
        return try db.query("SELECT * FROM gate_log WHERE released_at IS NULL ORDER BY ts").map(GateRecord.init(row:))
            .filter { types.contains($0.gateType) }
            .map { try held(db, $0) }
    }

    public func held(_ db: any SQLConnection, _ record: GateRecord) throws -> Held {
        var about = "\(record.objectType) \(record.objectID.prefix(8))"
        switch record.objectType {
        case "session":
            if let id = Session.ID(record.objectID), let session = try? Session.load(db, id) { about = "\(session.workcenter) · \(session.partiyaNo)" }
        case "package":
            if let row = try db.queryOne("SELECT qr_code FROM packages WHERE id = ?", record.objectID) { about = try row.string("qr_code") }
        default: break
        }
        let ref = record.objectRef.objectFields
        guard record.gateType == .vtLimit, case .int(let vt)? = ref["vt_g"], case .int(let total)? = ref["total_g"],
              case .int(let limit)? = ref["limit_mpct"] else {
            return Held(record: record, about: about, vtShare: nil, vtLimit: nil, input: nil)
        }
        return Held(record: record, about: about, vtShare: VTShare.share(vt: Grams(vt), total: Grams(total)),
                    vtLimit: Percent(units: limit), input: Grams(total))
    }
}
