import Glibc

/// A serial port in raw mode (termios): the USB–RS485 converter's `/dev/ttyUSB0`, or a
/// pseudo-terminal in tests and the simulator.
final class SerialPort {
    enum Parity: String, CaseIterable { case none, even, odd }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let path: String
    private let descriptor: Int32

    init(path: String, baud: Int, parity: Parity, dataBits: Int) throws {
        let descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        self.descriptor = descriptor
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            close(descriptor)
            throw Failure(description: "\(path) is not a serial port: \(String(cString: strerror(errno)))")
        }
        cfmakeraw(&settings)
        guard let speed = Self.speeds[baud] else {
            close(descriptor)
            throw Failure(description: "baud \(baud) is not one of \(Self.speeds.keys.sorted())")
        }
        cfsetispeed(&settings, speed)
        cfsetospeed(&settings, speed)
        settings.c_cflag &= ~tcflag_t(CSIZE | PARENB | PARODD | CSTOPB)
        settings.c_cflag |= tcflag_t(dataBits == 7 ? CS7 : CS8) | tcflag_t(CLOCAL | CREAD)
        switch parity {
        case .none: break
        case .even: settings.c_cflag |= tcflag_t(PARENB)
        case .odd: settings.c_cflag |= tcflag_t(PARENB | PARODD)
        }
        guard tcsetattr(descriptor, TCSANOW, &settings) == 0 else {
            close(descriptor)
            throw Failure(description: "cannot set \(path) to \(baud) \(parity): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// The bytes that arrive within `milliseconds`; empty when none did. Throws when the port
    /// is gone (a USB converter pulled out).
    func read(waiting milliseconds: Int32) throws -> [UInt8] {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, milliseconds)
        guard ready > 0 else { return [] }
        if poller.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0, poller.revents & Int16(POLLIN) == 0 {
            throw Failure(description: "\(path) hung up")
        }
        // Small reads: an indicator sends a few hundred bytes a second, and a gateway killed
        // mid-read loses no more than this of the frames it had taken from the port.
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = Glibc.read(descriptor, &buffer, buffer.count)
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return [] }
            throw Failure(description: "reading \(path) failed: \(String(cString: strerror(errno)))")
        }
        if count == 0 { throw Failure(description: "\(path) hung up") }
        return Array(buffer.prefix(count))
    }

    /// Sends a question to the indicator (a polled format); throws when the port is gone.
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                // Nobody drains the line: this question is not asked, the next one will be.
                if errno == EAGAIN { return }
                throw Failure(description: "writing to \(path) failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Drops what the port received and nobody read: a polled answer starts clean.
    func discardInput() { tcflush(descriptor, TCIFLUSH) }

    static let speeds: [Int: speed_t] = [
        1200: speed_t(B1200), 2400: speed_t(B2400), 4800: speed_t(B4800), 9600: speed_t(B9600), 19200: speed_t(B19200),
        38400: speed_t(B38400), 57600: speed_t(B57600), 115200: speed_t(B115200),
    ]
}
