import CZlib
import Foundation

/// A gzip file through zlib's own file interface, written or read a buffer at a time.
final class GzipFile {
    private var handle: gzFile?
    let path: String

    /// `mode` is zlib's: `wb6` to write at level 6, `rb` to read.
    init(_ path: String, mode: String) throws {
        self.path = path
        guard let opened = gzopen(path, mode) else {
            throw FactoryError.unavailable("archive_unreadable", "cannot open \(path) (\(String(cString: strerror(errno))))")
        }
        handle = opened
        if mode.hasPrefix("w") { gzbuffer(opened, 1 << 20) }
    }

    deinit { if let handle { gzclose(handle) } }

    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            guard gzwrite(handle, base, UInt32(bytes.count)) == Int32(bytes.count) else { throw failure("write") }
        }
    }

    /// The next piece of the uncompressed stream; empty at its end.
    func read(upTo count: Int = 1 << 20) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let read = buffer.withUnsafeMutableBytes { gzread(handle, $0.baseAddress, UInt32(count)) }
        guard read >= 0 else { throw failure("read") }
        return Array(buffer.prefix(Int(read)))
    }

    /// Flushes and closes; a write error held by zlib surfaces here.
    func close() throws {
        guard let closing = handle else { return }
        handle = nil
        guard gzclose(closing) == Z_OK else { throw FactoryError.unavailable("archive_unwritable", "cannot finish \(path)") }
    }

    private func failure(_ what: String) -> FactoryError {
        var code: Int32 = 0
        let message = gzerror(handle, &code).map { String(cString: $0) } ?? "unknown"
        return FactoryError.unavailable(what == "read" ? "archive_unreadable" : "archive_unwritable", "cannot \(what) \(path): \(message)")
    }
}
