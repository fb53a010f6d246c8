import Foundation

/// Everything a shell (a command, the server, a kiosk) needs, wired once from the
/// configuration: the database, the clock, and the services over them.
public struct FactoryServices: Sendable {
    public let configuration: Configuration
    public let database: any Database
    public let clock: any WallClock
    public let audit: AuditLog
    public let approvals: ApprovalEngine
    public let gates: GateLog
    public let users: UserService
    public let credentialAttempts: CredentialAttempts
    public let masterData: MasterDataImporter
    public let deviceSecrets: DeviceSecrets
    public let scaleEvents: ScaleEvents
    public let scaleBinding: ScaleBinding
    public let stock: StockService
    public let sessions: SessionService
    public let packages: PackageService
    public let calendar: PlantCalendar
    public let qc: QCService
    public let finishedGoods: FGService
    public let balance: BalanceService
    public let rework: ReworkService
    public let recipes: RecipeService
    public let kpi: KPIService
    public let attendance: AttendanceService
    public let payroll: PayrollService
    public let payInputs: PayInputsImporter
    public let exports: SnapshotExport
    public let integrationQueue: IntegrationQueue
    public let integrationPull: IntegrationPull
    public let integrationMapping: IntegrationMapping
    public let reports: ReportJobs
    public let alerts: AlertService
    public let alertDeliveries: AlertDeliveries

    public init(configuration: Configuration, database: any Database, clock: any WallClock = SystemClock(),
                hasher: CredentialHasher = .production) throws {
        self.configuration = configuration
        self.database = database
        self.clock = clock
        let serverSecret = try configuration.requireServerSecret()
        audit = AuditLog(secret: serverSecret, clock: clock)
        deviceSecrets = DeviceSecrets(serverSecret: serverSecret, audit: audit)
        approvals = ApprovalEngine(audit: audit)
        gates = GateLog(audit: audit)
        users = UserService(audit: audit, hasher: hasher)
        credentialAttempts = CredentialAttempts(audit: audit, hasher: hasher)
        masterData = MasterDataImporter(audit: audit)
        let window = Int64(configuration.iotAcceptWindowSeconds)
        scaleEvents = ScaleEvents(clock: clock, windowSeconds: window)
        scaleBinding = ScaleBinding(audit: audit, settings: RSBinding.Settings(windowSeconds: window))
        calendar = PlantCalendar(timeZone: configuration.plantTimeZone, dayShiftStart: configuration.dayShiftStart,
                                 nightShiftStart: configuration.nightShiftStart)
        stock = StockService(audit: audit, binding: scaleBinding, calendar: calendar, approvals: approvals,
                             strictRSOnly: configuration.strictRSOnly, differenceLimit: configuration.transferDifferenceLimit)
        sessions = SessionService(audit: audit, gates: gates, binding: scaleBinding, users: users,
                                  vtGateHard: configuration.vtGateHard, approvals: approvals, strictRSOnly: configuration.strictRSOnly)
        packages = PackageService(audit: audit, binding: scaleBinding, approvals: approvals, calendar: calendar)
        // Only deciding needs the e-seal key; commands that never decide run without it.
        qc = QCService(audit: audit, attempts: credentialAttempts, calendar: calendar, qcSecret: configuration.qcSecret == nil ? nil : try configuration.requireQCSecret())
        finishedGoods = FGService(audit: audit, degazGate: configuration.degazGateFG)
        balance = BalanceService(audit: audit, binding: scaleBinding)
        rework = ReworkService(audit: audit, binding: scaleBinding)
        recipes = RecipeService(audit: audit)
        kpi = KPIService(audit: audit, approvals: approvals, calendar: calendar, approvers: configuration.kpiApprovers)
        attendance = AttendanceService(audit: audit, calendar: calendar, users: users)
        payroll = PayrollService(audit: audit, approvals: approvals, calendar: calendar, kpi: kpi, users: users, approvers: configuration.payrollApprovers)
        payInputs = PayInputsImporter(kpi: kpi, attendance: attendance, payroll: payroll)
        exports = SnapshotExport(audit: audit, kpi: kpi, users: users)
        integrationQueue = IntegrationQueue(audit: audit)
        integrationPull = IntegrationPull(audit: audit, calendar: calendar)
        integrationMapping = IntegrationMapping(audit: audit)
        alerts = AlertService(audit: audit)
        alertDeliveries = AlertDeliveries(audit: audit)
        reports = ReportJobs(audit: audit, calendar: calendar, retentionDays: configuration.exportRetentionDays)
    }

    /// Runs one business action in one transaction. When a gate stops it, the action rolls
    /// back, the gate hit is recorded in a transaction of its own, and the gate's error is
    /// thrown: nothing is half-written, and nothing a gate saw is lost.
    @discardableResult
    public func perform<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let refusal as GateRefusal {
            throw recorded(refusal)
        }
    }

    /// Independent business actions with one commit for all (`Database.writeEach`): each
    /// succeeds or fails alone, and a gate that stops one is recorded as `perform` records it.
    public func performEach(_ members: [GroupMember]) -> [(any Error)?] {
        database.writeEach(members).map { error in
            guard let refusal = error as? GateRefusal else { return error }
            return recorded(refusal)
        }
    }

    /// Records a gate hit in a transaction of its own and answers the error to throw: the
    /// gate's, or the recording's own when even that failed.
    private func recorded(_ refusal: GateRefusal) -> any Error {
        do {
            try database.write { db in
                try gates.open(db, by: refusal.source, gate: refusal.gate, object: refusal.object, ref: refusal.ref,
                               note: refusal.error.message)
                if let hold = refusal.hold {
                    try OnHold.place(db, audit: audit, by: refusal.source, packageID: hold.packageID, qrCode: hold.qrCode,
                                     gate: refusal.gate, reason: refusal.error.message)
                }
            }
            return refusal.error
        } catch {
            return error
        }
    }

    /// Opens the configured database and refuses to go on with an outdated schema.
    public static func open(_ configuration: Configuration, clock: any WallClock = SystemClock()) throws -> FactoryServices {
        let database = try DatabaseFactory.open(configuration.storage)
        let pending = try Migrator.pending(database)
        guard pending.isEmpty else {
            throw FactoryError.unavailable("schema_outdated",
                                           "the database lacks \(pending.count) migration(s) (newest \(pending.last!)); run `factory migrate`")
        }
        return try FactoryServices(configuration: configuration, database: database, clock: clock)
    }
}
