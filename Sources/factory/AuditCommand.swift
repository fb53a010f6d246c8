import ArgumentParser
import FactoryCommandLine
import FactoryCore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Work with the signed audit log.",
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the audit hash chain and name the first row that was altered, deleted or reordered.",
            discussion: "Exit code 0: intact. Exit code 1: broken (the line says where). Needs the SERVER_SECRET that signed it.")

        @OptionGroup var storage: StorageOptions

        func run() throws {
            let verification = try storage.withServices { services in try services.audit.verify(services.database) }
            if let broken = verification.firstBreak {
                printError("audit chain broken: \(broken.message) (\(verification.rowsChecked) rows checked)")
                throw ExitCode(1)
            }
            print("audit chain intact: \(verification.rowsChecked) rows verified")
        }
    }
}
