import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One packing station's keep-alive HTTP/1.1 connection on a plain blocking socket, with its
/// request bytes built once. The timed presses go through these so that the client's own cost
/// (a few microseconds a call) stays out of the server's latency: on this two-core host the
/// full HTTP client spends more CPU per call than the server's whole create.
final class StationConnection: @unchecked Sendable {
    private let socket: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw StationConnection.failure("socket") }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw StationConnection.failure("connect") }
    }

    deinit { close(socket) }

    static func request(_ method: String, _ path: String, body: String, headers: [(String, String)]) -> [UInt8] {
        let head = (["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", "Content-Length: \(body.utf8.count)"]
            + headers.map { "\($0.0): \($0.1)" }).joined(separator: "\r\n")
        return Array((head + "\r\n\r\n" + body).utf8)
    }

    /// Sends the request and reads the whole response; answers its status code.
    func roundTrip(_ request: [UInt8]) throws -> Int {
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(socket, $0.baseAddress! + sent, request.count - sent, 0) }
            guard n > 0 else { throw StationConnection.failure("send") }
            sent += n
        }
        var received = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + received, $0.count - received, 0) }
            guard n > 0 else { throw StationConnection.failure("recv") }
            received += n
            let text = String(decoding: buffer[0..<received], as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<end.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            guard text.utf8.distance(from: text.startIndex, to: end.upperBound) + length <= received else { continue }
            return Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
    }

    private static func failure(_ call: String) -> any Error {
        NSError(domain: "StationConnection", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "\(call) failed: errno \(errno)"])
    }
}

/// The stations' presses of one round, each on a thread of its own, released together.
enum Presses {
    static func all(_ connections: [StationConnection], _ requests: [[UInt8]]) async -> [(milliseconds: Double, status: Int)] {
        await withCheckedContinuation { continuation in
            let results = Mutex<[(milliseconds: Double, status: Int)]>([])
            let go = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            for (connection, request) in zip(connections, requests) {
                done.enter()
                Thread {
                    go.wait()
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let status = (try? connection.roundTrip(request)) ?? 0
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                    results.withLock { $0.append((elapsed, status)) }
                    done.leave()
                }.start()
            }
            for _ in connections { go.signal() }
            done.notify(queue: .global()) { continuation.resume(returning: results.withLock { $0 }) }
        }
    }
}
