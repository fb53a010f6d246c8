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
        do {
            let items = try services.database.read { try ApprovalInbox.read($0, for: actor, engine: services.approvals) }
            return .items(items.map { item in
                let steps = ApprovalPolicy.steps(for: item.approval.type).count
                return InboxKiosk.Item(id: item.approval.id.text, type: item.approval.type, step: steps > 1 ? "\(item.step)/\(steps)" : "",
                                       about: Self.about(item), objectType: item.package == nil ? item.approval.objectType : nil, weight: item.package?.weight.decimalText,
                                       length: item.package?.length?.metreText, requestedBy: item.requestedBy, reason: item.approval.comment)
            })
        } catch {
            return .refused(Failure(error))
        }
    }

    /// A package's label; otherwise what the approval is about.
    static func about(_ item: ApprovalInbox.Item) -> String {
        item.package?.qrCode ?? String(item.approval.objectID.prefix(8))
    }

    /// Signed by the PIN typed again (checked and audited as a sign-in), then decided in one
    /// transaction through the one entry point for every approval type.
    func decide(_ approvalID: String, approve: Bool, reason: String, pin: String) -> InboxKiosk.Event {
        do {
            switch try station.signIn(services, username: actor.username, pin: pin) {
            case .accepted: break
            case .locked: throw FactoryError(.rateLimited, reason: "pin_locked", "the PIN is locked")
            default: throw FactoryError.validation(field: "pin", reason: "wrong_pin", "wrong PIN")
            }
            guard let id = Approval.ID(approvalID) else { throw FactoryError.notFound("approval", approvalID) }
            let decided = try services.perform { try services.decideApproval($0, by: actor, approval: id, approve: approve, comment: reason) }
            let about = try services.database.read { db in
                try ApprovalInbox.Item(approval: decided, step: decided.stepsDone,
                                       package: decided.objectType == "package" ? Package.ID(decided.objectID).map { try Package.load(db, $0) } : nil,
                                       requestedBy: "")
            }
            return .decided(about: Self.about(about), approved: approve)
        } catch {
            return .refused(Failure(error))
        }
    }
}

/// The shop head's console: the approvals inbox.
enum ShopHeadConsole {
    static func handle(_ effect: InboxKiosk.Effect, _ client: some InboxClient) -> KioskApp.Handled<InboxKiosk.Event> {
        switch effect {
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        case .load: .stay([client.inbox()])
        case .decide(let id, let approve, let reason, let pin): .stay([client.decide(id, approve: approve, reason: reason, pin: pin)])
        }
    }
}

extension KioskApp {
    func serveShopHead(as actor: Actor) throws {
        let desk = InboxDesk(services: services, actor: actor, station: .shophead)
        var lastLoad = ContinuousClock.now - .seconds(10)
        try serve({ InboxKiosk(chrome: $0) }, InboxKiosk.State(user: actor.username), events: {
            guard ContinuousClock.now - lastLoad >= .seconds(2) else { return [] }
            lastLoad = ContinuousClock.now
            return [desk.inbox()]
        }) { ShopHeadConsole.handle($0, desk) }
    }
}
