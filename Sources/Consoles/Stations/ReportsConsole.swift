import FactoryCore
import Foundation

/// What a supervisor's reports page asks of the plant.
protocol ReportsClient {
    func load() -> ReportsKiosk.Event
    func take(_ request: ReportRequest) -> ReportsKiosk.Event
}

/// The reports page's service calls: a report is asked for in the person's name and run here,
/// through the same queue, writers and audit as one asked for over the API; its copy goes into
/// the console's export directory, readable by its owner only, and a PDF to the printer when
/// the console has one.
struct ReportsDesk: ReportsClient {
    let services: FactoryServices
    let actor: Actor
    let exportDirectory: URL
    let words: Locales
    let printer: ReportPrinter?

    func jobs() throws -> [ReportJobs.Job] {
        try services.database.read { try services.reports.recent($0, by: actor, page: try Page(number: 1, size: 10)) }
    }

    func load() -> ReportsKiosk.Event {
        answer {
            let now = services.clock.now()
            return .loaded(try jobs(), today: services.calendar.plantDay(of: now), shift: services.calendar.shift(at: now))
        }
    }

    func take(_ request: ReportRequest) -> ReportsKiosk.Event {
        answer {
            let runner = ReportRunner(services: services, directory: URL(fileURLWithPath: services.configuration.reportDirectory), words: words)
            let job = try runner.takeNow(by: actor, request)
            guard job.status == .done, let file = runner.file(of: job), let name = job.fileName else { return .queued(try jobs()) }
            let copy = exportDirectory.appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(at: exportDirectory, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: copy)
                try FileManager.default.copyItem(at: file, to: copy)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.path)
            } catch {
                throw FactoryError.unavailable("export_failed", "cannot write into \(exportDirectory.path): \(error.localizedDescription)")
            }
            var printedOn: String?
            if let printer, request.format == .pdf {
                try printer.print(copy)
                printedOn = printer.queue
            }
            return .taken(.init(file: copy.path, rows: job.rows ?? 0, notes: job.notes, printedOn: printedOn), try jobs())
        }
    }
}

/// The reports page's effects.
enum ReportsPage {
    static func handle(_ effect: ReportsKiosk.Effect, _ client: some ReportsClient, home: ConsolePage) -> KioskApp.Handled<ReportsKiosk.Event> {
        switch effect {
        case .load: .stay([client.load()])
        case .take(let request): .stay([client.take(request)])
        case .back: .open(home)
        case .logout: .leave
        case .switchLanguage: .switchLanguage
        }
    }
}

extension KioskApp {
    /// The shop head's shift sheet, printed when the console has a printer; the director's every report.
    func serveReports(as actor: Actor, station: Station, home: ConsolePage) throws -> ConsolePage? {
        let desk = ReportsDesk(services: services, actor: actor, exportDirectory: URL(fileURLWithPath: options.exportDirectory),
                               words: try Locales(directory: localesDirectory, language: options.language), printer: options.reportPrinter)
        let types = ReportsKiosk.types(for: station)
        var state = ReportsKiosk.State(user: actor.username)
        state = ReportsKiosk(chrome: try chrome(), types: types).update(state, desk.load()).0
        return try serve({ ReportsKiosk(chrome: $0, types: types, prints: desk.printer != nil) }, state) { ReportsPage.handle($0, desk, home: home) }
    }
}
