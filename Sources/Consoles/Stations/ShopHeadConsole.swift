import FactoryCore

/// What the shop head's console asks of the plant: its use cases, one call per effect.
protocol InboxClient {
    func inbox() -> InboxKiosk.Event
    func decide(_ approvalID: String, approve: Bool, reason: String, pin: String) -> InboxKiosk.Event
}

/// The inbox's service calls for one signed-in supervisor.
struct InboxDesk: InboxClient {
    let services: FactoryServices
    let actor: Actor
    let station: Station

    func inbox() -> InboxKiosk.Event {
        answer {
            .items(try services.database.read { db in
                try ApprovalInbox.read(db, for: actor, engine: services.approvals).map { item in
                    let approval = item.approval
                    let steps = ApprovalPolicy.steps(for: approval.type).count
                    // A session's re-open is decided on its balance and its trail: the line, the lot,
                    // the numbers and what was done to it; a recipe change names both versions.
                    let session = approval.objectType == "session" ? try Session.ID(approval.objectID).map { try Session.load(db, $0) } : nil
                    var recipe: InboxKiosk.Item.RecipeChange?
                    if approval.type == .liveRecipeChange, let session, case .int(let version)? = approval.payload.objectFields["version"] {
                        recipe = .init(from: session.recipe.version, to: version)
                    }
                    let trail = approval.type == .reopenSession ? try session.map { try trailLines(db, $0.id) } ?? [] : []
                    return InboxKiosk.Item(id: approval.id.text, type: approval.type, step: steps > 1 ? "\(item.step)/\(steps)" : "",
                                           about: session.map { "\($0.workcenter) · \($0.partiyaNo)" } ?? Self.about(item),
                                           objectType: item.package == nil ? approval.objectType : nil, weight: item.package?.weight.decimalText,
                                           length: item.package?.length?.metreText, requestedBy: item.requestedBy, reason: approval.comment,
                                           balance: try session.map { try services.balance.preview(db, by: actor, session: $0.id).balance },
                                           recipe: recipe, trail: trail, norm: item.norm?.norm.decimalText,
                                           deviation: item.norm.map { PercentText.signed($0.deviation, below: $0.below) },
                                           tolerance: item.norm?.tolerance.map(PercentText.limit))
                }
            })
        }
    }

    func trailLines(_ db: any SQLConnection, _ session: Session.ID) throws -> [InboxKiosk.Item.TrailLine] {
        let calendar = services.calendar
        return try AuditTrail.of(db, session: session).lines.map {
            .init(time: "\(calendar.day(of: $0.ts).suffix(5)) \(calendar.clockTime(of: $0.ts))", who: $0.who ?? "—", action: $0.action)
        }
    }

    /// A package's label; otherwise what the approval is about.
    static func about(_ item: ApprovalInbox.Item) -> String {
        item.package?.qrCode ?? String(item.approval.objectID.prefix(8))
    }

    /// Signed by the PIN typed again (checked and audited as a sign-in), then decided in one
    /// transaction through the one entry point for every approval type.
    func decide(_ approvalID: String, approve: Bool, reason: String, pin: String) -> InboxKiosk.Event {
        answer {
            try station.confirmPIN(services, actor, pin: pin)
            guard let id = Approval.ID(approvalID) else { throw FactoryError.notFound("approval", approvalID) }
            let decided = try services.perform { try services.decideApproval($0, by: actor, approval: id, approve: approve, comment: reason) }
            let about = try services.database.read { db in
                try ApprovalInbox.Item(approval: decided, step: decided.stepsDone,
                                       package: decided.objectType == "package" ? Package.ID(decided.objectID).map { try Package.load(db, $0) } : nil,
                                       requestedBy: "")
            }
            return .decided(about: Self.about(about), approved: approve)
        }
    }
}

/// What the session form asks of the plant.
protocol SessionStartClient {
    func choices() -> SessionStartKiosk.Event
    func preflight(sku: String, operators: [String]) -> SessionStartKiosk.Event
    func start(sku: String, lot: String, shift: Shift, operators: [String], pin: String) -> SessionStartKiosk.Event
}

/// The session form's service calls for one free line.
struct StartDesk: SessionStartClient {
    let services: FactoryServices
    let actor: Actor
    let station: Station
    let workcenter: String

    func choices() -> SessionStartKiosk.Event {
        answer {
            .choices(try services.database.read { try services.sessions.startChoices($0, workcenter: workcenter) },
                     shift: services.calendar.shift(at: services.clock.now()))
        }
    }

    func preflight(sku: String, operators: [String]) -> SessionStartKiosk.Event {
        answer {
            .preflight(try services.database.read { db in
                try services.sessions.preflight(db, by: actor, SessionService.Start(workcenter: workcenter, sku: sku, partiyaNo: "", shift: .day,
                                                                                    operators: operators))
            })
        }
    }

    func start(sku: String, lot: String, shift: Shift, operators: [String], pin: String) -> SessionStartKiosk.Event {
        answer {
            try station.confirmPIN(services, actor, pin: pin)
            let request = SessionService.Start(workcenter: workcenter, sku: sku, partiyaNo: lot, shift: shift, operators: operators)
            return .started(try services.perform { try services.sessions.start($0, by: actor, request) }.id)
        }
    }
}

/// The shop head's console: the lines and their sessions, the session form, the inbox, the
/// open gates and held rolls.
enum ShopHeadConsole {
    static func handle(_ effect: SessionStartKiosk.Effect, _ client: some SessionStartClient) -> KioskApp.Handled<SessionStartKiosk.Event> {
        switch effect {
        case .choices: .stay([client.choices()])
        case .preflight(let sku, let operators): .stay([client.preflight(sku: sku, operators: operators)])
        case .start(let sku, let lot, let shift, let operators, let pin):
            switch client.start(sku: sku, lot: lot, shift: shift, operators: operators, pin: pin) {
            case .started(let id): .open(.session(id))
            case let other: .stay([other])
            }
        case .back: .open(.board)
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        }
    }
}

extension KioskApp {
    func serveShopHead(as actor: Actor) throws {
        let desk = SupervisorDesk(services: services, actor: actor, station: .shophead)
        try run(console: .board) { page in
            if case .start(let workcenter) = page {
                let start = StartDesk(services: services, actor: actor, station: .shophead, workcenter: workcenter)
                var state = SessionStartKiosk.State(user: actor.username, workcenter: workcenter)
                state = SessionStartKiosk(chrome: try chrome()).update(state, start.choices()).0
                return try serve({ SessionStartKiosk(chrome: $0) }, state) { ShopHeadConsole.handle($0, start) }
            }
            if page == .gates { return try serveGates(as: actor, station: .shophead, home: .board) }
            if page == .reports { return try serveReports(as: actor, station: .shophead, home: .board) }
            return try servePage(page, desk: desk, home: .board, mode: .lines, canSteer: true)
        }
    }
}
