import FactoryCore
import Foundation

/// A supervisor's printed report: the PDF handed to the system's print spooler, CUPS's `lp`
/// (`lp -d QUEUE FILE`), which knows the office printer, its driver and its paper.
public struct ReportPrinter: Sendable, Equatable {
    public let queue: String
    /// The program and its arguments; the file is added last.
    let command: [String]

    /// `command` replaces `lp -d QUEUE` (a test's stand-in for the spooler).
    public init(queue: String, command: [String]? = nil) {
        self.queue = queue
        self.command = command ?? ["lp", "-d", queue]
    }

    /// Hands the file over; a spooler that refuses it, or is missing, is an error the console shows.
    public func print(_ file: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command + [file.path]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw FactoryError.unavailable("printer_failed", "cannot run \(command.first ?? "lp"): \(error.localizedDescription)")
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FactoryError.unavailable("printer_failed", "the printer \(queue) refused the report: \(said.isEmpty ? "exit \(process.terminationStatus)" : said)")
        }
    }
}
