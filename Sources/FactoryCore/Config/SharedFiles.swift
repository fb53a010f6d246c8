import Foundation

/// The files the product ships beside its binaries.
public enum SharedFiles {
    /// Where the shipped keymaps/ and locales/ are, wherever it was started from: `FACTORY_SHARE_DIR`,
    /// beside the binary, the install's `share/isocom-factory` (`/usr/local/bin/factory-kiosk`
    /// → `/usr/local/share/isocom-factory`), the system's share directories, the checkout a
    /// development build runs from, and last the current directory.
    public static func path(_ relative: String) -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return path(relative, executable: executable, environment: ProcessInfo.processInfo.environment,
                    currentDirectory: FileManager.default.currentDirectoryPath) { FileManager.default.fileExists(atPath: $0) }
    }

    public static func path(_ relative: String, executable: URL, environment: [String: String], currentDirectory: String,
                            exists: (String) -> Bool) -> String {
        let binDirectory = executable.deletingLastPathComponent()
        var roots: [String] = []
        if let share = environment["FACTORY_SHARE_DIR"], !share.isEmpty { roots.append(share) }
        roots += [binDirectory.path, binDirectory.appendingPathComponent("../share/isocom-factory").standardized.path,
                  "/usr/local/share/isocom-factory", "/usr/share/isocom-factory",
                  binDirectory.appendingPathComponent("../../..").standardized.path, currentDirectory]
        return roots.map { ($0 as NSString).appendingPathComponent(relative) }.first(where: exists) ?? relative
    }
}
