import Foundation
import Logging
import ScaleGateway

/// The serial side, on a thread of its own so that a slow server never holds the port: bytes to
/// frames to reports, each report into the queue before anything else happens to it. A port
/// that disappears is opened again every two seconds; frames that do not parse are counted.
final class Reader: @unchecked Sendable {
    let path: String
    let baud: Int
    let parity: SerialPort.Parity
    let dataBits: Int
    let format: any IndicatorFormat
    let queue: ReadingQueue
    let settings: StabilityDetector.Settings
    let rawLog: Bool
    let logger: Logger

    init(path: String, baud: Int, parity: SerialPort.Parity, dataBits: Int, format: any IndicatorFormat, queue: ReadingQueue,
         settings: StabilityDetector.Settings, rawLog: Bool, logger: Logger) {
        (self.path, self.baud, self.parity, self.dataBits, self.format, self.queue) = (path, baud, parity, dataBits, format, queue)
        (self.settings, self.rawLog, self.logger) = (settings, rawLog, logger)
    }

    func run() {
        var detector = StabilityDetector(settings: settings)
        var splitter = FrameSplitter(framing: format.framing)
        var unknown = 0
        var full = false
        let started = ContinuousClock.now
        while true {
            let port: SerialPort
            do {
                port = try SerialPort(path: path, baud: baud, parity: parity, dataBits: dataBits)
                logger.notice("serial port open", metadata: ["port": "\(path)", "baud": "\(baud)", "parity": "\(parity)"])
            } catch {
                logger.error("serial port unavailable; trying again in 2 s", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 2)
                continue
            }
            do {
                while true {
                    for frame in splitter.take(try port.read(waiting: 200)) {
                        guard let reading = format.parse(frame) else {
                            unknown += 1
                            if rawLog || unknown.isMultiple(of: 100) {
                                logger.warning("a frame that is not \(type(of: format).name): wrong format, baud or parity?",
                                               metadata: ["hex": "\(frame.map { String($0, radix: 16) }.joined(separator: " "))", "unknown": "\(unknown)"])
                            }
                            continue
                        }
                        let now = ContinuousClock.now - started
                        let milliseconds = now.components.seconds * 1000 + now.components.attoseconds / 1_000_000_000_000_000
                        guard let report = detector.take(reading, at: milliseconds) else { continue }
                        let (grams, stable) = switch report {
                        case .settled(let grams): (grams, true)
                        case .left(let grams): (grams, false)
                        }
                        let stored = try queue.append(grams: grams, stable: stable, readAt: Int64(Date().timeIntervalSince1970 * 1000))
                        if !stored, !full { logger.critical("the queue is full: new readings are dropped until the server takes some",
                                                            metadata: ["capacity": "\(queue.capacity)"]) }
                        full = !stored
                    }
                }
            } catch {
                logger.error("serial port lost; opening it again", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 2)
            }
        }
    }
}
