import Crypto
import Foundation

/// The key a backup is sealed with: 32 bytes from `BACKUP_KEY`. Its description never shows it.
public struct BackupKey: Sendable, CustomStringConvertible {
    let key: SymmetricKey

    public init?(hex: String) {
        let text = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count == 64, let bytes = Hex.decode(text) else { return nil }
        key = SymmetricKey(data: bytes)
    }

    public var description: String { "BackupKey(…)" }
}

/// A backup file: a plain header, then records sealed with AES-256-GCM, each a length and a
/// sealed box. Record 0 is the manifest; the rest are the database's bytes in pieces of 1 MiB,
/// read and written as a stream so a backup of any size needs little memory.
///
/// Each record's nonce is the file's random prefix and the record's number, and its
/// authenticated data says whether it is the last: a record moved, changed or cut off, a file
/// cut short after any record, or another key, all fail to open, and nothing of such a file is
/// ever restored.
enum BackupSeal {
    static let magic = Array("ISOCOM-BACKUP-1\n".utf8)
    static let pieceBytes = 1 << 20

    /// Seals `manifest` and then the bytes of `source` into `destination`.
    static func seal(manifest: Data, source: URL, into destination: URL, key: BackupKey) throws {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw FactoryError.unavailable("backup_unwritable", "cannot create \(destination.path)")
        }
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        let prefix = (0..<8).map { _ in UInt8.random(in: 0...255) }
        try output.write(contentsOf: magic + prefix)
        var number: UInt32 = 0
        func record(_ bytes: Data, last: Bool) throws {
            let box = try AES.GCM.seal(bytes, using: key.key, nonce: try nonce(prefix, number), authenticating: aad(number, last: last))
            guard let combined = box.combined else { throw FactoryError.unavailable("backup_seal_failed", "AES-GCM gave no sealed box") }
            var length = UInt32(combined.count).bigEndian
            try output.write(contentsOf: Data(bytes: &length, count: 4) + combined)
            number += 1
        }
        try record(manifest, last: false)
        var piece = try input.read(upToCount: pieceBytes) ?? Data()
        while true {
            let next = try input.read(upToCount: pieceBytes) ?? Data()
            try record(piece, last: next.isEmpty)
            if next.isEmpty { break }
            piece = next
        }
        try output.synchronize()
    }

    /// Opens a sealed file: answers its manifest, and writes the database's bytes to `destination`
    /// when one is given. Any fault is `backup_invalid`, and nothing written is left behind.
    @discardableResult
    static func open(_ file: URL, key: BackupKey, into destination: URL?) throws -> Data {
        guard let input = try? FileHandle(forReadingFrom: file) else { throw FactoryError.notFound("backup", file.path) }
        defer { try? input.close() }
        let head = try input.read(upToCount: magic.count + 8) ?? Data()
        guard head.count == magic.count + 8, Array(head.prefix(magic.count)) == magic else {
            throw invalid(file, "it is not an ISOCOM backup (its first bytes are not the backup header)")
        }
        let prefix = Array(head.suffix(8))
        var output: FileHandle?
        if let destination {
            guard FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw FactoryError.unavailable("restore_unwritable", "cannot create \(destination.path)")
            }
            output = try FileHandle(forWritingTo: destination)
        }
        do {
            defer { try? output?.close() }
            var number: UInt32 = 0
            var manifest: Data?
            var pending = try readRecord(input, file)
            guard pending != nil else { throw invalid(file, "it holds no records") }
            while let sealed = pending {
                let next = try readRecord(input, file)
                let last = next == nil
                let opened: Data
                do {
                    let box = try AES.GCM.SealedBox(combined: sealed)
                    guard Array(box.nonce) == Array(try nonce(prefix, number)) else { throw CryptoKitError.authenticationFailure }
                    opened = try AES.GCM.open(box, using: key.key, authenticating: aad(number, last: last))
                } catch {
                    throw invalid(file, last
                        ? "record \(number) does not open as the last one: the file was cut short, changed, or sealed with another key"
                        : "record \(number) does not open: the file was changed, or sealed with another key")
                }
                if number == 0 {
                    guard !last else { throw invalid(file, "it holds a manifest and no database: the file was cut short") }
                    manifest = opened
                } else if let output {
                    try output.write(contentsOf: opened)
                }
                number += 1
                pending = next
                if destination == nil, manifest != nil, number == 1 {
                    // Only the manifest was asked for; the rest is read when restoring.
                    return manifest!
                }
            }
            return manifest!
        } catch {
            if let destination { try? FileManager.default.removeItem(at: destination) }
            throw error
        }
    }

    static func readRecord(_ input: FileHandle, _ file: URL) throws -> Data? {
        let length = try input.read(upToCount: 4) ?? Data()
        if length.isEmpty { return nil }
        guard length.count == 4 else { throw invalid(file, "it ends inside a record's length: the file was cut short") }
        let count = length.reduce(0) { $0 << 8 | Int($1) }
        guard count >= 28, count <= pieceBytes + 28 else { throw invalid(file, "a record claims \(count) bytes: the file was changed") }
        let bytes = try input.read(upToCount: count) ?? Data()
        guard bytes.count == count else { throw invalid(file, "it ends inside a record: the file was cut short") }
        return bytes
    }

    static func nonce(_ prefix: [UInt8], _ number: UInt32) throws -> AES.GCM.Nonce {
        try AES.GCM.Nonce(data: prefix + withUnsafeBytes(of: number.bigEndian, Array.init))
    }

    static func aad(_ number: UInt32, last: Bool) -> Data {
        Data(withUnsafeBytes(of: number.bigEndian, Array.init) + [last ? 1 : 0])
    }

    static func invalid(_ file: URL, _ why: String) -> FactoryError {
        FactoryError.conflict("backup_invalid", "\(file.lastPathComponent) cannot be restored: \(why)", details: ["file": file.lastPathComponent])
    }
}
