import Foundation

/// Where the data lives.
public enum StorageConfiguration: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(dsn: String)
}

/// The environment of spec §13, read once and validated: a bad value stops the program with
/// one line naming the variable and what to put there.
public struct Configuration: Sendable {
    public var storage: StorageConfiguration
    public var jwtSecret: String?
    public var serverSecret: String?
    public var qcSecret: String?
    public var redisURL: String?
    public var iotAcceptWindowSeconds: Int
    public var strictRSOnly: Bool
    /// Beyond this share a shipment's receiving weight differs from its sending weight only
    /// with the receiver's confirmation, and the shop head gets an alert (B17).
    public var transferDifferenceLimit: Percent
    public var vtGateHard: Bool
    public var degazGateFG: Bool
    public var bitrixBaseURL: String?
    public var bitrixToken: String?
    public var bitrixTimeoutMilliseconds: Int
    public var bitrixRetryMax: Int
    /// An OAuth application instead of a webhook (`BITRIX_OAUTH_CLIENT_ID`, `_SECRET`): its
    /// tokens live in `BITRIX_OAUTH_TOKEN_FILE`, rewritten at each renewal; `BITRIX_BASE_URL` is
    /// then the portal's `client_endpoint` (`https://portal/rest/`).
    public var bitrixOAuthClientID: String?
    public var bitrixOAuthClientSecret: String?
    public var bitrixOAuthTokenFile: String?
    public var bitrixOAuthTokenURL: String
    /// Record what would be sent to Bitrix24 instead of sending it (DEV, `BITRIX_DRY_RUN`).
    public var bitrixDryRun: Bool
    /// Minutes between scheduled pulls of employees, orders and attendance; 0 pulls on demand only.
    public var bitrixPullEveryMinutes: Int
    /// The universal lists (`IBLOCK_CODE`) KPI and payroll are pushed to, and each list's
    /// fields by our name → the portal's `PROPERTY_<id>` (`NET_PAY=PROPERTY_955,…`).
    public var bitrixKPIList: String
    public var bitrixPayrollList: String
    public var bitrixKPIFields: [String: String]
    public var bitrixPayrollFields: [String: String]
    public var reportMaxRows: Int
    public var exportRetentionDays: Int
    /// Where report files are kept until they expire (`REPORT_DIR`, relative to the working directory).
    public var reportDirectory: String
    /// Where each alert rule draws its line (`ALERT_*`).
    public var alertThresholds: AlertThresholds
    /// How often the alert monitor of `factory serve` reads the facts (`ALERT_EVERY_SEC`).
    public var alertEverySeconds: Int
    /// A URL each alert's news is posted to as JSON (`ALERT_WEBHOOK_URL`).
    public var alertWebhookURL: String?
    /// Bitrix24 user ids told of each alert by `im.notify.system.add` (`ALERT_BITRIX_USERS`, comma-separated).
    public var alertBitrixUsers: [String]
    public var backupKeepDays: Int
    /// Days of raw readings kept in the database; older days go to `ARCHIVE_DIR` (`READINGS_KEEP_DAYS`).
    public var readingsKeepDays: Int
    public var archiveDirectory: String
    /// Where `factory backup` writes its files (`BACKUP_DIR`).
    public var backupDirectory: String
    /// The key backups are sealed with (`BACKUP_KEY`: 32 bytes as 64 hex digits); without it
    /// no backup is taken, because an unencrypted copy of pay and people must not exist.
    public var backupKey: BackupKey?
    public var apiRateLimitRPM: Int
    public var ingestRateLimitRPM: Int
    public var signInRateLimitRPM: Int
    /// Minutes an API access token lives. The spec's 8 h would let a token outlive the
    /// sign-out of its refresh family that long; refresh does the rest.
    public var accessTokenMinutes: Int
    /// Business time zone (DECISIONS A): shifts, QR days and months are plant time.
    public var plantTimeZone: TimeZone
    /// When the day and the night shift start, in minutes of the plant day (`HH:MM`).
    public var dayShiftStart: Int
    public var nightShiftStart: Int
    /// Who approves KPI and payroll snapshots (DECISIONS B5, a policy of the plant): positions
    /// that also hold the matrix's permission. `KPI_APPROVERS`, `PAYROLL_APPROVERS`.
    public var kpiApprovers: Set<Position>
    public var payrollApprovers: Set<Position>

    /// The shortest secret accepted: HMAC-SHA256 keys below 32 bytes weaken every signature.
    public static let minimumSecretBytes = 32

    public init(environment: [String: String]) throws {
        func text(_ key: String) -> String? {
            guard let value = environment[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        func integer(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = text(key) else { return fallback }
            guard let value = Int(raw), range.contains(value) else {
                throw Configuration.problem(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
            }
            return value
        }
        func flag(_ key: String, default fallback: Bool) throws -> Bool {
            guard let raw = text(key)?.lowercased() else { return fallback }
            switch raw {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw Configuration.problem(key, "must be true or false, got '\(raw)'")
            }
        }

        if let dsn = text("DB_DSN") {
            guard dsn.hasPrefix("postgresql://") || dsn.hasPrefix("postgres://") || dsn.contains("=") else {
                throw Configuration.problem("DB_DSN", "must be a PostgreSQL URI such as postgresql://user@127.0.0.1:5432/factory")
            }
            storage = .postgres(dsn: dsn)
        } else {
            storage = .sqlite(path: text("FACTORY_DB_PATH") ?? "factory.db")
        }
        jwtSecret = text("JWT_SECRET")
        serverSecret = text("SERVER_SECRET")
        qcSecret = text("QC_SECRET")
        redisURL = text("REDIS_URL")
        iotAcceptWindowSeconds = try integer("IOT_ACCEPT_WINDOW_SEC", default: 10, range: 1...3600)
        strictRSOnly = try flag("STRICT_RS_ONLY", default: true)
        if let raw = text("TRANSFER_DIFF_ALERT_PCT") {
            guard let limit = try? Percent(parsing: raw), limit.units >= 0, limit <= Percent.hundred else {
                throw Configuration.problem("TRANSFER_DIFF_ALERT_PCT", "must be a percentage from 0 to 100 such as 2 or 0.5, got '\(raw)'")
            }
            transferDifferenceLimit = limit
        } else {
            transferDifferenceLimit = Percent.whole(2)
        }
        vtGateHard = try flag("VT_GATE_HARD", default: true)
        degazGateFG = try flag("DEGAZ_GATE_FG", default: true)
        bitrixBaseURL = text("BITRIX_BASE_URL")
        bitrixToken = text("BITRIX_TOKEN")
        if let url = bitrixBaseURL, URL(string: url)?.scheme?.hasPrefix("http") != true {
            throw Configuration.problem("BITRIX_BASE_URL", "must be an http(s) URL, got '\(url)'")
        }
        bitrixTimeoutMilliseconds = try integer("BITRIX_TIMEOUT_MS", default: 8000, range: 100...600_000)
        bitrixRetryMax = try integer("BITRIX_RETRY_MAX", default: 8, range: 1...100)
        bitrixOAuthClientID = text("BITRIX_OAUTH_CLIENT_ID")
        bitrixOAuthClientSecret = text("BITRIX_OAUTH_CLIENT_SECRET")
        bitrixOAuthTokenFile = text("BITRIX_OAUTH_TOKEN_FILE")
        bitrixOAuthTokenURL = text("BITRIX_OAUTH_TOKEN_URL") ?? "https://oauth.bitrix.info/oauth/token/"
        if bitrixOAuthClientID != nil, bitrixOAuthClientSecret == nil || bitrixOAuthTokenFile == nil {
            throw Configuration.problem("BITRIX_OAUTH_CLIENT_ID", "an OAuth application also needs BITRIX_OAUTH_CLIENT_SECRET and BITRIX_OAUTH_TOKEN_FILE")
        }
        bitrixDryRun = try flag("BITRIX_DRY_RUN", default: false)
        bitrixPullEveryMinutes = try integer("BITRIX_PULL_EVERY_MIN", default: 60, range: 0...10_080)
        func listCode(_ key: String, default fallback: String) throws -> String {
            let code = text(key) ?? fallback
            guard !code.isEmpty, code.count <= 50, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw Configuration.problem(key, "must be a list's symbolic code of letters, digits and '_', got '\(code)'")
            }
            return code
        }
        bitrixKPIList = try listCode("BITRIX_KPI_LIST", default: "isocom_kpi")
        bitrixPayrollList = try listCode("BITRIX_PAYROLL_LIST", default: "isocom_payroll")
        func fieldMap(_ key: String, names: [String]) throws -> [String: String] {
            var map: [String: String] = [:]
            for pair in (text(key) ?? "").split(separator: ",") {
                let sides = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard sides.count == 2, names.contains(sides[0]), !sides[1].isEmpty, sides[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    throw Configuration.problem(key, "must be NAME=PROPERTY_<id> pairs separated by commas, NAME one of \(names.joined(separator: ", ")), got '\(pair)'")
                }
                map[sides[0]] = sides[1]
            }
            return map
        }
        bitrixKPIFields = try fieldMap("BITRIX_KPI_FIELDS", names: BitrixElements.kpiFields)
        bitrixPayrollFields = try fieldMap("BITRIX_PAYROLL_FIELDS", names: BitrixElements.payrollFields)
        reportMaxRows = try integer("REPORT_MAX_ROWS", default: 1_000_000, range: 1...100_000_000)
        exportRetentionDays = try integer("EXPORT_RETENTION_DAYS", default: 30, range: 1...3650)
        reportDirectory = text("REPORT_DIR") ?? "reports"
        var alerts = AlertThresholds()
        alerts.silentSeconds = Int64(try integer("ALERT_SILENT_SEC", default: 120, range: 10...86_400))
        alerts.rsTrustedMinimumMilli = Int64(try integer("ALERT_RS_TRUSTED_MIN_PCT", default: 95, range: 0...100)) * 1000
        alerts.backlogMaximum = Int64(try integer("ALERT_BACKLOG_MAX", default: 100, range: 0...1_000_000))
        alerts.calibrationDays = Int64(try integer("ALERT_CALIBRATION_DAYS", default: 7, range: 0...365))
        alerts.deltaTrendSessions = try integer("ALERT_DELTA_TREND_SESSIONS", default: 3, range: 2...50)
        alerts.deltaTrendShareMilli = Int64(try integer("ALERT_DELTA_TREND_PCT", default: 50, range: 0...100)) * 1000
        alertThresholds = alerts
        alertEverySeconds = try integer("ALERT_EVERY_SEC", default: 30, range: 1...3600)
        alertWebhookURL = text("ALERT_WEBHOOK_URL")
        if let url = alertWebhookURL, URL(string: url)?.scheme?.hasPrefix("http") != true {
            throw Configuration.problem("ALERT_WEBHOOK_URL", "must be an http(s) URL, got '\(url)'")
        }
        alertBitrixUsers = (text("ALERT_BITRIX_USERS") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        backupKeepDays = try integer("BACKUP_KEEP_DAYS", default: 30, range: 1...3650)
        backupDirectory = text("BACKUP_DIR") ?? "backups"
        readingsKeepDays = try integer("READINGS_KEEP_DAYS", default: 90, range: 2...3650)
        archiveDirectory = text("ARCHIVE_DIR") ?? "archive"
        backupKey = try text("BACKUP_KEY").map { text in
            guard let key = BackupKey(hex: text) else {
                throw Configuration.problem("BACKUP_KEY", "must be 32 bytes as 64 hex digits (make one with: openssl rand -hex 32)")
            }
            return key
        }
        apiRateLimitRPM = try integer("API_RATE_LIMIT_RPM", default: 120, range: 1...1_000_000)
        ingestRateLimitRPM = try integer("INGEST_RATE_LIMIT_RPM", default: 600, range: 1...1_000_000)
        signInRateLimitRPM = try integer("SIGN_IN_RATE_LIMIT_RPM", default: 20, range: 1...1_000_000)
        accessTokenMinutes = try integer("ACCESS_TOKEN_TTL_MIN", default: 15, range: 1...480)
        let zone = text("PLANT_TZ") ?? "Asia/Tashkent"
        guard let timeZone = TimeZone(identifier: zone) else {
            throw Configuration.problem("PLANT_TZ", "must be a time zone name such as Asia/Tashkent, got '\(zone)'")
        }
        plantTimeZone = timeZone
        func clock(_ key: String, default fallback: Int) throws -> Int {
            guard let raw = text(key) else { return fallback }
            let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigitCharacter) }),
                  let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60 else {
                throw Configuration.problem(key, "must be a time of day as HH:MM, such as 08:00, got '\(raw)'")
            }
            return hour * 60 + minute
        }
        dayShiftStart = try clock("SHIFT_DAY_START", default: 8 * 60)
        nightShiftStart = try clock("SHIFT_NIGHT_START", default: 20 * 60)
        guard dayShiftStart < nightShiftStart else {
            throw Configuration.problem("SHIFT_NIGHT_START", "must come after SHIFT_DAY_START on the same day (the night shift runs past midnight)")
        }
        func positions(_ key: String, default fallback: Set<Position>, holding permission: Permission) throws -> Set<Position> {
            guard let raw = text(key) else { return fallback }
            var chosen: Set<Position> = []
            for word in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let position = Position(rawValue: word), PermissionMatrix.allows(position, permission) else {
                    let holders = PermissionMatrix.holders(of: permission).map(\.rawValue).joined(separator: ", ")
                    throw Configuration.problem(key, "names '\(word)', which may not approve this: choose from \(holders)")
                }
                chosen.insert(position)
            }
            return chosen
        }
        kpiApprovers = try positions("KPI_APPROVERS", default: [.sexBoshligi, .moliya, .direktor], holding: .kpiApprove)
        payrollApprovers = try positions("PAYROLL_APPROVERS", default: [.moliya, .direktor], holding: .payrollApprove)
    }

    /// The audit-chain key; demanded by every command that writes.
    public func requireServerSecret() throws -> Data {
        try Configuration.strongSecret("SERVER_SECRET", serverSecret)
    }

    /// The e-seal key of QC decisions.
    public func requireQCSecret() throws -> Data {
        try Configuration.strongSecret("QC_SECRET", qcSecret)
    }

    public func requireJWTSecret() throws -> Data {
        try Configuration.strongSecret("JWT_SECRET", jwtSecret)
    }

    static func strongSecret(_ key: String, _ value: String?) throws -> Data {
        guard let value else {
            throw problem(key, "is not set: give it at least \(minimumSecretBytes) random bytes, e.g. `export \(key)=$(openssl rand -hex 32)`")
        }
        guard value.utf8.count >= minimumSecretBytes else {
            throw problem(key, "is too weak (\(value.utf8.count) bytes): use at least \(minimumSecretBytes) random bytes, e.g. `openssl rand -hex 32`")
        }
        return Data(value.utf8)
    }

    static func problem(_ key: String, _ message: String) -> FactoryError {
        FactoryError(.validationError, reason: "bad_configuration", "\(key) \(message)", details: ["field": key])
    }
}
