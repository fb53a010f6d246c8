/// How an indicator's frames are delimited in the byte stream, whatever the UART or a
/// serial-to-network converter cut them into (split and merged reads are normal).
public enum Framing: Sendable, Equatable {
    /// Text ending with CR and/or LF (the ASCII `ST,GS,` family, Yaohua A12).
    case line
    /// STX … ETX (Yaohua continuous format 0).
    case stxEtx
    /// STX … CR, then one checksum byte when `checksum` (Mettler-Toledo continuous).
    case stxCR(checksum: Bool)
    /// `=` and a fixed number of bytes after it (Yaohua "=" formats, no terminator).
    case prefixed(UInt8, length: Int)
    /// A Modbus RTU answer from `slave`: its length follows from its first three bytes. The
    /// frame keeps its address and CRC, which the format checks.
    case modbus(slave: UInt8)
}

/// Reassembles frames from bytes as they arrive: by the format's delimiters, resynchronising on
/// the next start byte, never holding more than `limit` bytes. What it drops is counted.
public struct FrameSplitter: Sendable {
    public let framing: Framing
    public let limit: Int
    private var buffer: [UInt8] = []
    /// After an overlong frame, the rest of it up to the next delimiter or start byte.
    private var discarding = false
    /// Bytes thrown away: outside any frame, or in a frame longer than the limit.
    public private(set) var droppedBytes = 0
    /// Frames longer than the limit.
    public private(set) var overlong = 0

    static let stx: UInt8 = 0x02, etx: UInt8 = 0x03, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    public init(framing: Framing, limit: Int = 256) {
        self.framing = framing
        self.limit = limit
    }

    /// Takes the bytes just read and returns the frames they completed, delimiters removed (a
    /// checksum byte after Toledo's CR is kept as the frame's last byte).
    public mutating func take(_ bytes: some Sequence<UInt8>) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        for byte in bytes {
            if let frame = push(byte) { frames.append(frame) }
        }
        return frames
    }

    private mutating func push(_ byte: UInt8) -> [UInt8]? {
        switch framing {
        case .line:
            if byte == Self.cr || byte == Self.lf {
                discarding = false
                defer { buffer.removeAll(keepingCapacity: true) }
                return buffer.isEmpty ? nil : buffer
            }
            if discarding { droppedBytes += 1; return nil }
            return append(byte)
        case .stxEtx:
            if byte == Self.stx { restart(); buffer.append(byte); return nil }
            guard !buffer.isEmpty else { droppedBytes += 1; return nil }
            if byte == Self.etx {
                defer { buffer.removeAll(keepingCapacity: true) }
                return Array(buffer.dropFirst())
            }
            return append(byte)
        case .stxCR(let checksum):
            if buffer.isEmpty {
                if byte == Self.stx { buffer.append(byte) } else { droppedBytes += 1 }
                return nil
            }
            if buffer.last == Self.cr {
                // The checksum byte that follows the CR.
                defer { buffer.removeAll(keepingCapacity: true) }
                return Array(buffer.dropFirst().dropLast()) + [byte]
            }
            if byte == Self.stx { restart(); buffer.append(byte); return nil }
            if byte == Self.cr {
                guard checksum else {
                    defer { buffer.removeAll(keepingCapacity: true) }
                    return Array(buffer.dropFirst())
                }
                buffer.append(byte)
                return nil
            }
            return append(byte)
        case .prefixed(let start, let length):
            if byte == start { restart(); buffer.append(byte); return nil }
            guard !buffer.isEmpty else { droppedBytes += 1; return nil }
            buffer.append(byte)
            guard buffer.count == length + 1 else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return Array(buffer.dropFirst())
        case .modbus(let slave):
            buffer.append(byte)
            // Not the start of an answer: drop bytes until one could be.
            while !buffer.isEmpty, ModbusRTU.answerLength(buffer[...], slave: slave) == nil {
                buffer.removeFirst()
                droppedBytes += 1
            }
            guard let length = ModbusRTU.answerLength(buffer[...], slave: slave), length > 0, buffer.count == length else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
    }

    /// Drops a frame begun and not finished: a polled format's answer that did not come whole
    /// before the next question is never glued to the next answer.
    public mutating func discardPartial() {
        restart()
        discarding = false
    }

    /// A start byte in the middle of a frame: what came before it was a broken frame.
    private mutating func restart() {
        droppedBytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func append(_ byte: UInt8) -> [UInt8]? {
        buffer.append(byte)
        if buffer.count > limit {
            overlong += 1
            droppedBytes += buffer.count
            buffer.removeAll(keepingCapacity: true)
            // Start-byte framings resynchronise on their next start byte anyway.
            discarding = framing == .line
        }
        return nil
    }
}
