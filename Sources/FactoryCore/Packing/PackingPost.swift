/// Where an operator packs (spec §17.4): the line's packing scale, the line's length counter
/// (when it has one), and the operator's opened session on that line. A packing terminal asks
/// this once at sign-in; nobody there can start a session, so its absence names who can.
public struct PackingPost: Sendable {
    public let scale: Device
    public let counter: Device?
    public let session: Session

    public static func find(_ db: any SQLConnection, sessions: SessionService, scale key: String, operator actor: Actor) throws -> PackingPost {
        let scale = try Device.find(db, key)
        guard let workcenter = scale.workcenterID else {
            throw FactoryError.validation(field: "device", reason: "wrong_workcenter", "\(scale.code) does not stand at a line")
        }
        let counter = try Device.all(db).first { $0.type == .lengthCounter && $0.workcenterID == workcenter && $0.active }
        let opened = try sessions.list(db, by: actor, status: .opened, workcenter: workcenter, page: try Page(number: 1, size: 200))
        guard let session = opened.first(where: { $0.operators.contains(actor.username) }) else {
            let line = try db.queryOne("SELECT code FROM workcenters WHERE id = ?", workcenter).map { try $0.string("code") } ?? scale.code
            throw FactoryError.conflict("no_opened_session", "\(actor.username) has no opened session at \(line)",
                                        details: ["workcenter": line])
        }
        return PackingPost(scale: scale, counter: counter, session: session)
    }
}
