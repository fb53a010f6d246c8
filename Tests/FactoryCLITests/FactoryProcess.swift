import Foundation

/// The built `factory` executable, run as a person at the console would run it.
struct FactoryProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("factory")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return repositoryRoot.appendingPathComponent(".build/debug/factory")
    }

    /// A fresh working directory and environment for one test: its own SQLite file, secrets,
    /// and nothing inherited that could point at a real database.
    let directory: URL
    var environment: [String: String]

    init(secret: String = String(repeating: "c", count: 32)) throws {
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("factory-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path,
            "USER": "cli-test",
            "SERVER_SECRET": secret,
            "FACTORY_DB_PATH": directory.appendingPathComponent("factory.db").path,
        ]
    }

    var databasePath: String { directory.appendingPathComponent("factory.db").path }

    func run(_ arguments: [String], stdin: String? = nil, extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment.merging(extra) { _, new in new }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
