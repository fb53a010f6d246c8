import Foundation
import Logging
import ScaleGateway

/// The serial side, on a thread of its own so that a slow server never holds the port: bytes to
/// frames to reports, each report into the queue before anything else happens to it. A port
/// that disappears is opened again every two seconds; frames that do not parse are counted. A
/// polled indicator (Modbus RTU) is asked every `pollMilliseconds`, each answer read afresh.
final class Reader: @unchecked Sendable {
    struct Port {
        let path: String
        let baud: Int
        let parity: SerialPort.Parity
        let dataBits: Int
    }

    let port: Port
    let format: any IndicatorFormat
    let queue: ReadingQueue
    let settings: StabilityDetector.Settings
    let pollMilliseconds: Int64
    let clock: SharedClock
    let rawLog: Bool
    let logger: Logger

    private var detector: StabilityDetector
    private var splitter: FrameSplitter
    private var unknown = 0
    private var unanswered = 0
    private var full = false

    init(port: Port, format: any IndicatorFormat, queue: ReadingQueue, settings: StabilityDetector.Settings, pollMilliseconds: Int64,
         clock: SharedClock, rawLog: Bool, logger: Logger) {
        (self.port, self.format, self.queue, self.settings, self.pollMilliseconds) = (port, format, queue, settings, pollMilliseconds)
        (self.clock, self.rawLog, self.logger) = (clock, rawLog, logger)
        detector = StabilityDetector(settings: settings)
        splitter = FrameSplitter(framing: format.framing)
    }

    // Both loops are exempt from optimisation: with -O, Swift 6.2's loop-invariant code motion
    // pass never finishes on them (the release build hung for over 9 minutes in that pass). They
    // wait on the port; nothing in them is worth optimising.
    @_optimize(none)
    func run() {
        while true {
            let serial: SerialPort
            do {
                serial = try SerialPort(path: port.path, baud: port.baud, parity: port.parity, dataBits: port.dataBits)
                logger.notice("serial port open", metadata: ["port": "\(port.path)", "baud": "\(port.baud)", "parity": "\(port.parity)"])
            } catch {
                logger.error("serial port unavailable; trying again in 2 s", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 2)
                continue
            }
            do {
                try read(serial)
            } catch {
                // What was half read belongs to no frame once the port is gone.
                splitter.discardPartial()
                logger.error("serial port lost; opening it again", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 2)
            }
        }
    }

    @_optimize(none)
    private func read(_ serial: SerialPort) throws {
        guard let question = format.poll else {
            while true { try take(serial.read(waiting: 200)) }
        }
        while true {
            splitter.discardPartial()
            serial.discardInput()
            try serial.write(question)
            let asked = clock.monotonic()
            var answered = false
            while true {
                let left = pollMilliseconds - (clock.monotonic() - asked)
                guard left > 0 else { break }
                answered = try take(serial.read(waiting: Int32(left))) || answered
            }
            unanswered = answered ? 0 : unanswered + 1
            if unanswered == 10 || (unanswered > 0 && unanswered.isMultiple(of: 600)) {
                logger.error("the indicator does not answer: check its address, the baud rate and the A/B wires",
                             metadata: ["unanswered": "\(unanswered)"])
            }
        }
    }

    /// Takes bytes from the port; true when they completed a frame of the format.
    @discardableResult
    private func take(_ bytes: [UInt8]) throws -> Bool {
        var parsed = false
        for frame in splitter.take(bytes) {
            guard let reading = format.parse(frame) else {
                unknown += 1
                if rawLog || unknown.isMultiple(of: 100) {
                    logger.warning("a frame that is not \(type(of: format).name): wrong format, baud or parity?",
                                   metadata: ["hex": "\(frame.map { String($0, radix: 16) }.joined(separator: " "))", "unknown": "\(unknown)"])
                }
                continue
            }
            parsed = true
            guard let report = detector.take(reading, at: clock.monotonic()) else { continue }
            let (grams, stable) = switch report {
            case .settled(let grams): (grams, true)
            case .left(let grams): (grams, false)
            }
            let stored = try clock.stamp { try queue.append(grams: grams, stable: stable, readAt: $0) }
            if !stored, !full {
                logger.critical("the queue is full: new readings are dropped until the server takes some", metadata: ["capacity": "\(queue.capacity)"])
            }
            full = !stored
        }
        return parsed
    }
}
