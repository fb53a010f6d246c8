import Foundation

/// Replaces this process with the lean kiosk binary, `factory-kiosk`, installed beside this
/// executable (as git runs its `git-*` programs): both are built and shipped together.
enum KioskHandover {
    static let binaryName = "factory-kiosk"

    /// Returns only when there is no kiosk binary beside this one, or `exec` failed: the caller
    /// then runs the kiosk itself. FACTORY_KIOSK_IN_PROCESS=1 keeps it here.
    static func exec(_ arguments: [String]) {
        guard ProcessInfo.processInfo.environment["FACTORY_KIOSK_IN_PROCESS"] != "1",
              let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return }
        let path = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent(binaryName).path
        guard FileManager.default.isExecutableFile(atPath: path) else { return }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        argv.forEach { free($0) }
    }
}
