import Foundation

/// The package label as raw ZPL, sent to a label printer's TCP port 9100 (the usual raw port of
/// Zebra-compatible printers) or, in the demo, appended to a file.
public struct LabelPrinter: Sendable {
    public enum Destination: Sendable, Equatable {
        case tcp(host: String, port: UInt16)
        case file(String)
    }

    public let destination: Destination

    /// `tcp://host:9100` or `file:/path/labels.zpl`.
    public init?(_ text: String) {
        if text.hasPrefix("file:") {
            destination = .file(String(text.dropFirst("file:".count)))
        } else if text.hasPrefix("tcp://") {
            let rest = text.dropFirst("tcp://".count).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let host = rest.first, !host.isEmpty else { return nil }
            guard let port = rest.count == 2 ? UInt16(rest[1]) : 9100 else { return nil }
            destination = .tcp(host: String(host), port: port)
        } else {
            return nil
        }
    }

    public struct Label: Sendable, Equatable {
        public let qrCode: String
        public let sku: String
        public let weight: String
        public let length: String?
        public let lot: String

        public init(qrCode: String, sku: String, weight: String, length: String?, lot: String) {
            (self.qrCode, self.sku, self.weight, self.length, self.lot) = (qrCode, sku, weight, length, lot)
        }
    }

    /// A 100 × 60 mm label at 203 dpi: the QR, then SKU, weight, length, lot and the code in text.
    public static func zpl(_ label: Label) -> String {
        func field(_ text: String) -> String { text.replacingOccurrences(of: "^", with: " ").replacingOccurrences(of: "~", with: " ") }
        return """
            ^XA^CI28^PW800^LL480
            ^FO30,30^BQN,2,8^FDMA,\(field(label.qrCode))^FS
            ^FO320,40^A0N,50,50^FD\(field(label.sku))^FS
            ^FO320,110^A0N,40,40^FD\(field(label.weight)) kg^FS
            ^FO320,160^A0N,40,40^FD\(field(label.length ?? "-")) m^FS
            ^FO320,210^A0N,30,30^FD\(field(label.lot))^FS
            ^FO30,400^A0N,36,36^FD\(field(label.qrCode))^FS
            ^XZ

            """
    }

    /// Sends one label; a printer that does not answer is an error the kiosk shows.
    public func print(_ label: Label) throws {
        let data = Data(Self.zpl(label).utf8)
        switch destination {
        case .file(let path):
            // A file that cannot be made is reported by the open below.
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: path) else { throw PrinterError("cannot write \(path)") }
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        case .tcp(let host, let port):
            try Self.send(data, host: host, port: port)
        }
    }

    struct PrinterError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static func send(_ data: Data, host: String, port: UInt16) throws {
        var hints = addrinfo(ai_flags: 0, ai_family: AF_UNSPEC, ai_socktype: Int32(SOCK_STREAM.rawValue), ai_protocol: 0,
                             ai_addrlen: 0, ai_addr: nil, ai_canonname: nil, ai_next: nil)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let address = found else {
            throw PrinterError("label printer \(host) not found")
        }
        defer { freeaddrinfo(found) }
        let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
        guard socket >= 0 else { throw PrinterError("no socket for the label printer") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            throw PrinterError("label printer \(host):\(port) does not answer")
        }
        let sent = data.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, data.count, 0) }
        guard sent == data.count else { throw PrinterError("the label did not reach \(host):\(port)") }
    }
}
