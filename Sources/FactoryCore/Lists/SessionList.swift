extension SessionService {
    /// Sessions by state and workcenter, newest first (GET /sessions).
    public func list(_ db: any SQLConnection, by actor: Actor, status: SessionStatus?, workcenter: String?, page: Page) throws -> [Session] {
        try PermissionMatrix.require(actor, .sessionView)
        var query = ListQuery("SELECT s.id FROM sessions s JOIN workcenters w ON w.id = s.workcenter_id")
        query.filter("s.status = ?", status)
        // A workcenter is named by its code (E1) or its id; an id column only takes ids.
        if let workcenter, let id = TypedID<Session>(workcenter) {
            query.filter("w.id = ?", id.text)
        } else {
            query.filter("w.code = ?", workcenter)
        }
        return try query.run(db, orderBy: "s.started_at DESC, s.id DESC", page: page).map { try Session.load(db, try $0.id("id")) }
    }
}
