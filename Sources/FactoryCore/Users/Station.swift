/// The floor stations a kiosk terminal can be (spec §17), and who may open each: the one
/// place that says so, read from the permission matrix, for every kiosk and console.
public enum Station: String, CaseIterable, Sendable {
    case fg, pack, otk, rework, warehouse
    /// The supervisors' consoles: the shop head's lines and inbox, the technologist's gates
    /// and inbox, the director's re-opens and delta board.
    case shophead, technologist, director
    /// Finance: the month's KPI and payroll, generated, approved and exported.
    case finance
    /// The integrator: the Bitrix24 queue, its retries, pulls and the employees' matches.
    case integrator

    /// The permission whose holders may work at this station.
    public var permission: Permission {
        switch self {
        case .fg: .fgReceive
        case .pack: .packageCreate
        case .otk: .qcDecide
        case .rework: .reworkOperate
        case .warehouse: .stockReceiveTransfer
        case .shophead: .sessionStart
        case .technologist: .gateReleaseVTLimit
        case .director: .reopenApproveDirector
        case .finance: .payrollGenerate
        case .integrator: .integrationManage
        }
    }

    /// Signing in at a station with a name and PIN: the attempt is checked and audited as on
    /// the API (a run of wrong PINs locks), then the person's role must open this station.
    public enum SignIn: Equatable, Sendable {
        case accepted(Actor)
        case wrong
        case locked
        case disabled
        case notAllowed
    }

    public func signIn(_ services: FactoryServices, username: String, pin: String) throws -> SignIn {
        let attempts = services.credentialAttempts
        let attempt = CredentialAttempts.Attempt(username: username, kind: .pin, channel: "kiosk:\(rawValue)")
        let checked = try services.database.read { try attempts.check($0, attempt, secret: pin) }
        if let refusal = try services.perform({ try attempts.record($0, checked) }) {
            if refusal.code == .rateLimited { return .locked }
            return refusal.reason == "user_disabled" ? .disabled : .wrong
        }
        guard case .accepted(let user) = checked.verdict else { return .wrong }
        guard PermissionMatrix.allows(user.position, permission) else { return .notAllowed }
        return .accepted(Actor(user))
    }
}

extension Station {
    /// A decision at a console is signed by typing the PIN again: checked and audited like a
    /// sign-in (a run of wrong PINs locks), refused with its own reason when wrong.
    public func confirmPIN(_ services: FactoryServices, _ actor: Actor, pin: String) throws {
        switch try signIn(services, username: actor.username, pin: pin) {
        case .accepted: return
        case .locked: throw FactoryError(.rateLimited, reason: "pin_locked", "the PIN is locked")
        default: throw FactoryError.validation(field: "pin", reason: "wrong_pin", "wrong PIN")
        }
    }
}
