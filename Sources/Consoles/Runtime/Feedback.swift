import Foundation

/// What a worker hears when a kiosk answers, for the scanner-in-hand who is not looking at the
/// screen: one short sound for a success, a different pattern for a refusal. Information ("already
/// received") stays silent: nothing went wrong and nothing new happened.
public enum Feedback: String, Sendable, Equatable {
    case success, refusal
}

/// How a terminal sounds feedback: the terminal bell (one for success, three for a refusal),
/// a command of the plant's choosing (`--sound-command CMD`, run with `success` or `refusal`),
/// or nothing (`--quiet`).
public enum Sounder: Sendable, Equatable {
    case bell
    case command(String)
    case silent

    /// The bell's pattern: how many rings, with a short gap between.
    public static func rings(_ feedback: Feedback) -> Int { feedback == .success ? 1 : 3 }

    /// Runs the plant's sound command for `feedback` without waiting for it.
    func play(command: String, _ feedback: Feedback) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(command) \(feedback.rawValue)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
