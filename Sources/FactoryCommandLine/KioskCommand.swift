import ArgumentParser
import Consoles
import FactoryCore
import Foundation

public struct KioskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "Run a floor kiosk on this terminal (ncurses): sign in with badge or username + PIN.",
        discussion: """
            Roles: \(KioskApp.Role.allCases.map { $0.rawValue }.joined(separator: ", ")). Scanners in keyboard-wedge \
            mode with an Enter suffix work out of the box (a fast burst ending in Enter is one scan); over \
            SSH configure a prefix character on the scanner and give it with --scanner-prefix.
            """)

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The kiosk to open.") var role: String
    @Option(help: "Language: uz (default), ru, en.") var lang = "uz"
    @Option(name: .customLong("scanner-prefix"), help: "A character the scanner sends before each code.") var scannerPrefix: String?
    @Option(name: .customLong("scan-gap-ms"), help: "Most milliseconds between a scanner's keys.") var scanGap = 30
    @Option(name: .customLong("idle"), help: "Seconds without a key before the kiosk signs out.") var idle = 300
    @Option(help: "The keymap file (default keymaps/default.keymap).") var keymap: String?
    @Option(help: "The locales directory (default locales/).") var locales: String?
    @Option(help: "The device this terminal stands at (its scale).") var device: String?
    @Option(name: .customLong("out-device"), help: "The grinder's OUT scale (rework; default: the line's other scale).") var outDevice: String?
    @Option(help: "Label printer: tcp://HOST:9100 (raw ZPL) or file:/PATH (the demo).") var printer: String?
    @Option(name: .customLong("export-dir"), help: "Where the finance console writes its exports and a supervisor's console its reports.")
    var exportDir = "exports"
    @Option(name: .customLong("report-printer"), help: "The CUPS queue a supervisor's console prints PDF reports on (lp -d QUEUE).")
    var reportPrinter: String?
    @Option(name: .customLong("sound-command"), help: "A command run with 'success' or 'refusal' instead of the terminal bell.") var soundCommand: String?
    @Flag(name: .customLong("quiet"), help: "No sound on success or refusal.") var quiet = false

    public init() {}

    public func run() throws {
        try reportingErrors {
            guard let kiosk = KioskApp.Role(rawValue: role) else {
                throw FactoryError.validation(field: "role", reason: "invalid_enum",
                                              "'\(role)' is not a kiosk (allowed: \(KioskApp.Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let language = Locales.Language(rawValue: lang) else {
                throw FactoryError.validation(field: "lang", reason: "invalid_enum", "'\(lang)' is not a language (uz, ru, en)")
            }
            guard scannerPrefix.map({ $0.count == 1 }) ?? true else {
                throw FactoryError.validation(field: "scanner-prefix", reason: "bad_prefix", "the scanner prefix is one character")
            }
            let keymapPath = keymap ?? Self.resource("keymaps/default.keymap")
            guard let keymapText = try? String(contentsOfFile: keymapPath, encoding: .utf8) else {
                throw FactoryError.validation(field: "keymap", reason: "missing_file", "cannot read the keymap \(keymapPath)")
            }
            let parsedKeymap = try Keymap(parsing: keymapText, name: keymapPath)
            let labelPrinter = try printer.map { text in
                guard let parsed = LabelPrinter(text) else {
                    throw FactoryError.validation(field: "printer", reason: "bad_printer", "--printer is tcp://HOST:PORT or file:/PATH, got '\(text)'")
                }
                return parsed
            }
            let services = try FactoryServices.open(try storage.configuration())
            defer { services.database.close() }
            let sounder: Sounder = quiet ? .silent : soundCommand.map { .command($0) } ?? .bell
            let app = KioskApp(services: services, role: kiosk, terminal: NcursesTerminal(sounder: sounder),
                               localesDirectory: URL(fileURLWithPath: locales ?? Self.resource("locales")), keymap: parsedKeymap,
                               options: .init(language: language, scannerPrefix: scannerPrefix?.first, scanGap: .milliseconds(scanGap),
                                              idleSeconds: Double(idle), device: device, outDevice: outDevice,
                                              printer: labelPrinter, exportDirectory: exportDir,
                                              reportPrinter: reportPrinter.map { ReportPrinter(queue: $0) }))
            try app.run()
        }
    }

    static func resource(_ relative: String) -> String { SharedFiles.path(relative) }
}
