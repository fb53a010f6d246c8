import Foundation

/// Asks for a password or PIN at the console without echoing it. When standard input is not a
/// terminal (a script), it reads one line per answer instead.
enum SecretPrompt {
    static func ask(_ label: String, confirm: Bool) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else {
                throw PromptError.noInput(label)
            }
            return line
        }
        let first = try read(label)
        if confirm {
            let second = try read("\(label) (again)")
            guard first == second else { throw PromptError.mismatch(label) }
        }
        return first
    }

    private static func read(_ label: String) throws -> String {
        FileHandle.standardError.write(Data("\(label): ".utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw PromptError.noInput(label) }
        return line
    }

    enum PromptError: Error, CustomStringConvertible {
        case noInput(String)
        case mismatch(String)

        var description: String {
            switch self {
            case .noInput(let label): "no \(label) was given"
            case .mismatch(let label): "the two \(label) entries differ"
            }
        }
    }
}
