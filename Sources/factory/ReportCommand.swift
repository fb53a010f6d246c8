import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation

/// `factory report TYPE …`: one report taken at the server's console, through the same job
/// queue, writers and audit as one asked for over the API, run here and now.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Take one report (CSV, XLSX or PDF) now, watermarked and audited in the name of --as.",
        discussion: """
            TYPE is one of: \(ReportType.allCases.map(\.rawValue).joined(separator: ", ")).
            Examples:
              factory report qc_defect --from 2026-11-01 --to 2026-11-30 --format xlsx --as direktor --out november-qc.xlsx
              factory report shift --day 2026-11-24 --shift night --format pdf --as sexboshligi
            """)

    @Argument(help: "The report type.") var type: String
    @Option(help: "First plant day (YYYY-MM-DD).") var from: String?
    @Option(help: "Last plant day, included (default: --from).") var to: String?
    @Option(help: "The shift report's plant day (YYYY-MM-DD).") var day: String?
    @Option(help: "The shift report's shift: day or night.") var shift: String?
    @Option(help: "One line's code (E1); every line when not given.") var workcenter: String?
    @Option(help: "csv, xlsx or pdf.") var format: String = "csv"
    @Option(name: .customLong("lang"), help: "uz, ru or en: the language of titles and column labels.") var language: String = "uz"
    @Option(name: .customLong("as"), help: "The person taking the report; needs report.run.") var user: String
    @Option(help: "Where to copy the file (default: its name in the current directory).") var out: String?
    @OptionGroup var storage: StorageOptions

    func run() throws {
        try storage.withServices { services in
            let language = try Locales.Language(parsing: language, field: "lang")
            let request = ReportRequest(type: try ReportType(parsing: type, field: "type"), format: try ReportFormat(parsing: format, field: "format"),
                                        from: from, to: to, day: day, shift: try shift.map { try Shift(parsing: $0, field: "shift") },
                                        workcenter: workcenter, language: language)
            let actor = Actor(try services.database.read { try services.users.find($0, username: user) })
            let runner = ReportRunner(services: services, directory: URL(fileURLWithPath: services.configuration.reportDirectory), words: .shipped())
            let progress = ReportProgress(enabled: isatty(STDERR_FILENO) == 1, maximumRows: services.configuration.reportMaxRows)
            let job = try runner.takeNow(by: actor, request, progress: progress.update)
            progress.finish()
            guard job.status == .done, let file = runner.file(of: job), let name = job.fileName else {
                print("report \(job.id) queued; the report worker of factory serve will run it")
                return
            }
            let destination = URL(fileURLWithPath: out ?? name)
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.copyItem(at: file, to: destination)
            print("\(destination.path): \(job.rows ?? 0) rows, \(job.bytes ?? 0) bytes")
            for note in job.notes { print("  \(note)") }
        }
    }
}

/// Rows written so far and the time taken, redrawn in place on a terminal. A report's size is
/// not known before its query ends, so the bar measures the rows against `REPORT_MAX_ROWS`,
/// where the report would stop.
final class ReportProgress: @unchecked Sendable {
    let enabled: Bool
    let maximumRows: Int
    let started = ContinuousClock.now

    init(enabled: Bool, maximumRows: Int) { (self.enabled, self.maximumRows) = (enabled, max(maximumRows, 1)) }

    func update(_ rows: Int) {
        guard enabled else { return }
        let cells = min(rows * 40 / maximumRows, 40)
        let bar = String(repeating: "█", count: cells) + String(repeating: "·", count: 40 - cells)
        let elapsed = started.duration(to: .now).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        FileHandle.standardError.write(Data("\r\(bar) \(rows) rows · \(String(format: "%.1f", seconds)) s".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
