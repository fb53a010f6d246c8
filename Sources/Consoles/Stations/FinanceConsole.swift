import FactoryCore
import Foundation

/// What the finance console asks of the plant.
protocol FinanceClient {
    func month(_ month: String) -> FinanceKiosk.Event
    func generate(_ page: FinanceKiosk.Page, month: String, reason: String?) -> FinanceKiosk.Event
    func approve(_ page: FinanceKiosk.Page, month: String, pin: String) -> FinanceKiosk.Event
    func export(_ page: FinanceKiosk.Page, month: String) -> FinanceKiosk.Event
}

/// The finance console's service calls: the month's newest KPI version (every line) and
/// payroll version; generating and approving each in one transaction, the approval signed by
/// the PIN typed again; exports written as CSV and XLSX into the console's export directory.
struct FinanceDesk: FinanceClient {
    let services: FactoryServices
    let actor: Actor
    let exportDirectory: URL

    func figures(_ db: any SQLConnection, month: String) throws -> FinanceKiosk.Month {
        guard let (start, end) = services.calendar.month(month) else {
            throw FactoryError.validation(field: "month", reason: "bad_month", "'\(month)' is not a month: write it as 2026-12")
        }
        let kpi = try services.kpi.list(db, from: start, to: end).first { $0.scope == "*" && $0.periodStart == start && $0.periodEnd == end }
        return FinanceKiosk.Month(kpi: kpi, payroll: try services.payroll.list(db, by: actor, month: month).first)
    }

    func month(_ month: String) -> FinanceKiosk.Event {
        answer { .loaded(month: month, try services.database.read { try figures($0, month: month) }) }
    }

    func generate(_ page: FinanceKiosk.Page, month: String, reason: String?) -> FinanceKiosk.Event {
        answer {
            .generated(page, try services.perform { db in
                switch page {
                case .kpi:
                    guard let (start, end) = services.calendar.month(month) else { return try figures(db, month: month) }
                    _ = try services.kpi.generate(db, by: actor, from: start, to: end, reason: reason)
                case .payroll:
                    _ = try services.payroll.generate(db, by: actor, month: month, includeAdvance: true, reason: reason)
                }
                return try figures(db, month: month)
            })
        }
    }

    func approve(_ page: FinanceKiosk.Page, month: String, pin: String) -> FinanceKiosk.Event {
        answer {
            try Station.finance.confirmPIN(services, actor, pin: pin)
            return .approved(page, try services.perform { db in
                let current = try figures(db, month: month)
                switch page {
                case .kpi: if let kpi = current.kpi { _ = try services.kpi.approve(db, by: actor, kpi.id) }
                case .payroll: if let payroll = current.payroll { _ = try services.payroll.approve(db, by: actor, payroll.id) }
                }
                return try figures(db, month: month)
            })
        }
    }

    func export(_ page: FinanceKiosk.Page, month: String) -> FinanceKiosk.Event {
        answer {
            let (files, bitrix) = try services.perform { db in
                let current = try figures(db, month: month)
                let files = try ExportFormat.allCases.compactMap { format -> SnapshotExport.File? in
                    switch page {
                    case .kpi: try current.kpi.map { try services.exports.kpi(db, by: actor, $0.id, format: format) }
                    case .payroll: try current.payroll.map { try services.exports.payroll(db, by: actor, $0.id, format: format) }
                    }
                }
                // An approved version goes to Bitrix24 through the integration queue: approval
                // queued it already, so this finds that item and says where it stands.
                let push: IntegrationQueue.Item? = switch page {
                case .kpi:
                    try current.kpi.flatMap { $0.status == .approved ? $0 : nil }.map { snapshot in
                        try services.integrationQueue.export(db, by: actor, entity: .kpi,
                                                             payload: try BitrixPushPayload.kpi(db, snapshot, calendar: services.calendar))
                    }
                case .payroll:
                    try current.payroll.flatMap { $0.status == .approved ? $0 : nil }.map { snapshot in
                        try services.integrationQueue.export(db, by: actor, entity: .payroll, payload: try BitrixPushPayload.payroll(db, snapshot))
                    }
                }
                return (files, push?.status)
            }
            do {
                try FileManager.default.createDirectory(at: exportDirectory, withIntermediateDirectories: true)
                // Personal data: readable by the one who exported it, no one else on this terminal.
                return .exported(try files.map { file in
                    let path = exportDirectory.appendingPathComponent(file.name).path
                    guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes), attributes: [.posixPermissions: 0o600]) else {
                        throw CocoaError(.fileWriteNoPermission)
                    }
                    return path
                }, bitrix: bitrix)
            } catch {
                throw FactoryError.unavailable("export_failed", "cannot write into \(exportDirectory.path): \(error.localizedDescription)")
            }
        }
    }
}

/// The finance console's effects.
enum FinancePage {
    static func handle(_ effect: FinanceKiosk.Effect, _ client: some FinanceClient) -> KioskApp.Handled<FinanceKiosk.Event> {
        switch effect {
        case .load(let month): .stay([client.month(month)])
        case .generate(let page, let month, let reason): .stay([client.generate(page, month: month, reason: reason)])
        case .approve(let page, let month, let pin): .stay([client.approve(page, month: month, pin: pin)])
        case .export(let page, let month): .stay([client.export(page, month: month)])
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        }
    }
}

extension KioskApp {
    func serveFinance(as actor: Actor) throws {
        let desk = FinanceDesk(services: services, actor: actor, exportDirectory: URL(fileURLWithPath: options.exportDirectory))
        let month = String(services.calendar.plantDay(of: services.clock.now()).prefix(7))
        var state = FinanceKiosk.State(user: actor.username, month: month)
        state = FinanceKiosk(chrome: try chrome()).update(state, desk.month(month)).0
        try serve({ FinanceKiosk(chrome: $0) }, state) { FinancePage.handle($0, desk) }
    }
}
