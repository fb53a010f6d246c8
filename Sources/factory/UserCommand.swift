import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add people and set their credentials.",
        subcommands: [Add.self, Credentials.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; asks for the password and the kiosk PIN (nothing has a default).",
            discussion: "From a script, give the password and the PIN as two lines on standard input.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Sign-in name: 3–32 lower-case letters, digits, '.', '_' or '-'.") var username: String
        @Option(name: .customLong("full-name"), help: "The person's name as shown on screens.") var fullName: String
        @Option(help: "Position: \(Position.allCases.map(\.rawValue).joined(separator: ", ")).") var position: String
        @Option(help: "Grade (operators): \(Grade.allCases.map(\.rawValue).joined(separator: ", ")).") var grade: String?

        func run() throws {
            // Check the typed options before asking for secrets, so a typo costs no typing.
            var new = try reportingErrors {
                let new = UserService.NewUser(
                    username: username, fullName: fullName, position: try Position(parsing: position),
                    grade: try grade.map { try Grade(parsing: $0) })
                try UserService.validate(new)
                return new
            }
            try storage.withServices { services in
                new.password = try askCredential("password", check: CredentialHasher.checkPassword)
                new.pin = try askCredential("kiosk PIN", check: CredentialHasher.checkPIN)
                let user = try services.database.write { db in try services.users.add(db, by: consoleSource, new) }
                print("added \(user.username) (\(user.position.rawValue)), id \(user.id)")
            }
        }
    }

    struct Credentials: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "credentials",
            abstract: "Set a new password and kiosk PIN for a user.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The user's sign-in name.") var username: String

        func run() throws {
            try storage.withServices { services in
                let user = try services.database.read { db in try services.users.find(db, username: username) }
                let password = try askCredential("password", check: CredentialHasher.checkPassword)
                let pin = try askCredential("kiosk PIN", check: CredentialHasher.checkPIN)
                try services.database.write { db in
                    try services.users.setCredentials(db, by: consoleSource, user: user.id, password: password, pin: pin)
                }
                print("credentials set for \(user.username)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users with their position and grade.")

        @OptionGroup var storage: StorageOptions

        func run() throws {
            try storage.withServices { services in
                let rows = try services.database.read { db in
                    try db.query("SELECT username, full_name, position, grade, status FROM users ORDER BY position, username")
                }
                for row in rows {
                    let grade = row.optionalString("grade").map { " (\($0))" } ?? ""
                    print("\(try row.string("username"))\t\(try row.string("position"))\(grade)\t\(try row.string("full_name"))\t\(try row.string("status"))")
                }
            }
        }
    }
}

/// Asks for one credential and checks it before anything is written.
private func askCredential(_ label: String, check: (String) throws -> Void) throws -> String {
    let value: String
    do { value = try SecretPrompt.ask(label, confirm: true) } catch let error as SecretPrompt.PromptError {
        throw FactoryError.validation(field: label, reason: "no_credential", error.description)
    }
    try check(value)
    return value
}
