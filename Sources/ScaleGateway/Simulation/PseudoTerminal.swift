import Glibc

/// A pseudo-terminal whose far end a gateway opens as its serial port: how the simulator and the
/// tests play an indicator on a machine without one.
public final class PseudoTerminal: @unchecked Sendable {
    /// The indicator's end.
    public let master: Int32
    /// The port the gateway opens, `/dev/pts/N`.
    public let path: String

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    public init() throws {
        // /dev/ptmx, unlocked, and its number: what posix_openpt, unlockpt and ptsname do (Glibc
        // does not import them). TIOCSPTLCK and TIOCGPTN are _IOW('T', 0x31, int) and
        // _IOR('T', 0x30, unsigned int) on Linux.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, UInt(0x4004_5431), &unlock) == 0, ioctl(master, UInt(0x8004_5430), &number) == 0 else {
            if master >= 0 { close(master) }
            throw Unavailable(description: "no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        path = "/dev/pts/\(number)"
        var settings = termios()
        tcgetattr(master, &settings)
        cfmakeraw(&settings)
        tcsetattr(master, TCSANOW, &settings)
    }

    deinit { close(master) }

    /// Writes all of `bytes`, waiting while the line is full (nobody reading yet).
    public func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
            if written > 0 { offset += written } else { usleep(10_000) }
        }
    }

    /// What the gateway wrote (a polled indicator's questions) within `milliseconds`.
    public func read(waiting milliseconds: Int32) -> [UInt8] {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0, poller.revents & Int16(POLLIN) != 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = Glibc.read(master, &buffer, buffer.count)
        return count > 0 ? Array(buffer.prefix(count)) : []
    }
}
