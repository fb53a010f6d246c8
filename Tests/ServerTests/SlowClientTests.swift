import FactoryCore
import FactoryTestSupport
import Foundation
import HummingbirdTesting
import Server
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Slow clients (slowloris) over a real socket: a client that never finishes its headers, or
/// trickles its body, loses its connection instead of holding it forever.
@Suite struct SlowClientTests {
    /// A plain TCP connection to the server, written to a few bytes at a time.
    final class RawConnection {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw FactoryError.unavailable("test_connect", "could not connect to port \(port)") }
            var ignore = Int32(1)
            setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &ignore, socklen_t(MemoryLayout<Int32>.size))
        }

        deinit { close(fd) }

        /// False once the server has closed the connection.
        func write(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
        }

        /// Everything the server sends until it closes the connection.
        func readAll() -> String {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                guard n > 0 else { break }
                received += buffer[0..<n]
            }
            return String(decoding: received, as: UTF8.self)
        }

        /// True when the server has closed its side (a read answers end of file or a reset).
        func isClosedByServer() -> Bool {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if n == 0 { return true }
                if n < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
            }
        }
    }

    /// Trickles `first` then one byte of `filler` every 200 ms until the server closes the
    /// connection; answers the seconds that took, or nil when it was still open after `give`.
    func trickle(port: Int, _ first: String, filler: String, giveUpAfter give: Double) throws -> Double? {
        let connection = try RawConnection(port: port)
        let started = Date()
        _ = connection.write(first)
        while Date().timeIntervalSince(started) < give {
            Thread.sleep(forTimeInterval: 0.2)
            if connection.isClosedByServer() || !connection.write(filler) { return Date().timeIntervalSince(started) }
        }
        return nil
    }

    @Test func aClientStuckInItsHeadersOrTricklingItsBodyIsCutOff() async throws {
        let harness = try await APIHarness(.sqlite) { settings in
            settings.idleTimeoutSeconds = 1
            settings.requestReadSeconds = 2
        }
        try await harness.run(live: true) { client in
            let port = try #require(client.inner.port)
            // Headers that never end: one more header byte every 200 ms.
            let headers = try trickle(port: port, "GET /livez HTTP/1.1\r\nHost: plant\r\nX-Slow: ", filler: "a", giveUpAfter: 10)
            #expect(headers != nil, "a connection whose headers never end is closed")
            // A body promised 1 000 bytes long, sent a byte every 200 ms.
            let body = try trickle(port: port, "POST /api/v1/auth/login HTTP/1.1\r\nHost: plant\r\nContent-Length: 1000\r\n\r\n{", filler: " ",
                                   giveUpAfter: 10)
            #expect(body != nil, "a connection whose body trickles in is closed")
            // A well-behaved request on a fresh connection is still served.
            let good = try RawConnection(port: port)
            #expect(good.write("GET /livez HTTP/1.1\r\nHost: plant\r\nConnection: close\r\n\r\n"))
            #expect(good.readAll().hasPrefix("HTTP/1.1 200"))
        }
    }
}
