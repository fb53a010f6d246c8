import FactoryCore
import Foundation

/// The demo's secrets: random, generated on first use, kept in a mode-0600 file beside the
/// database so later runs (and other commands) sign and verify with the same keys.
enum DemoSecrets {
    static let keys = ["SERVER_SECRET", "QC_SECRET", "JWT_SECRET"]

    static func file(beside storage: StorageConfiguration) -> String {
        switch storage {
        case .sqlite(let path):
            let url = URL(fileURLWithPath: path)
            return url.deletingLastPathComponent().appendingPathComponent(url.deletingPathExtension().lastPathComponent + "-demo.secrets").path
        case .postgres:
            return "factory-demo.secrets"
        }
    }

    static func loadOrCreate(at path: String) throws -> [String: String] {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { values[parts[0]] = parts[1] }
            }
            if keys.allSatisfy({ values[$0] != nil }) { return values }
        }
        var values: [String: String] = [:]
        var generator = SystemRandomNumberGenerator()
        for key in keys {
            values[key] = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        let text = keys.map { "\($0)=\(values[$0]!)" }.joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw FactoryError.validation(field: "db", reason: "unwritable", "cannot write the demo secrets file \(path)")
        }
        return values
    }
}
