import ArgumentParser
import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import ScaleGateway

/// `factory-gateway`: the box beside a scale. It reads the indicator's serial output, decides
/// when a load has settled, stores every reading in a local queue before sending it, and posts
/// signed batches to the plant server's ingest, draining in order after an outage.
@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factory-gateway",
        abstract: "Reads a weighing indicator on a serial port and posts signed readings to the plant server.",
        discussion: """
            Formats: \(IndicatorFormats.names.joined(separator: ", ")).
            Options may also come from a file (--config, KEY=value lines, e.g. server=http://factory:8080); flags win.
            """)

    @Option(help: "A file of key=value lines (server, device, secret-file, port, baud, parity, data-bits, format, modbus, poll-ms, queue).")
    var config: String?
    @Option(help: "The plant server's base URL, e.g. http://factory-host:8080.") var server: String?
    @Option(help: "The device code registered for this scale (X-Device-Id).") var device: String?
    @Option(name: .customLong("secret-file"), help: "A file holding the device's ingest secret, as `factory device secret` printed it.")
    var secretFile: String?
    @Option(help: "The serial port, e.g. /dev/ttyUSB0.") var port: String?
    @Option(help: "Baud rate.") var baud: Int?
    @Option(help: "Parity: none, even or odd.") var parity: String?
    @Option(name: .customLong("data-bits"), help: "7 or 8.") var dataBits: Int?
    @Option(help: "The indicator's output format.") var format: String?
    @Option(help: ArgumentHelp("The register map of a modbus-rtu indicator, e.g. slave=1,weight=40001,encoding=float32,status=40005,motion-bit=12,overload-bit=10.",
                               discussion: "Keys: \(ModbusRTUFormat.RegisterMap.keys.joined(separator: ", ")). Registers as the manual writes them (40001 is the first)."))
    var modbus: String?
    @Option(name: .customLong("poll-ms"), help: "How often a polled indicator (modbus-rtu) is asked, in milliseconds.") var pollMilliseconds: Int64?
    @Option(help: "The queue file (default /var/lib/isocom-gateway/DEVICE.db).") var queue: String?
    @Option(name: .customLong("heartbeat-seconds"), help: "A heartbeat after this long with nothing to send.") var heartbeatSeconds = 10
    @Option(name: .customLong("division-grams"), help: "The scale's division d in grams: a settled load stays within it.")
    var divisionGrams: Int64 = 10
    @Option(name: .customLong("hold-ms"), help: "How long a load must hold still to have settled, in milliseconds.")
    var holdMilliseconds: Int64 = 500
    @Option(help: "How many samples a settled load needs at least.") var samples = 3
    @Flag(name: .customLong("raw-log"), help: "Log every frame that does not parse, in hex (commissioning).") var rawLog = false
    @Flag(help: "Log each batch sent.") var verbose = false
    @Flag(name: .customLong("exit-with-parent"), help: .hidden) var exitWithParent = false

    func run() async throws {
        let file = try config.map(Self.read) ?? [:]
        func value(_ flag: String?, _ key: String) -> String? { flag ?? file[key] }
        guard let server = value(server, "server"), let device = value(device, "device"), let secretFile = value(secretFile, "secret-file"),
              let port = value(port, "port") else {
            throw ValidationError("server, device, secret-file and port are needed (flags or --config)")
        }
        let formatName = value(format, "format") ?? ASCIIStatusFormat.name
        var map: ModbusRTUFormat.RegisterMap?
        if formatName == ModbusRTUFormat.name {
            guard let text = value(modbus, "modbus") else { throw ValidationError("modbus-rtu needs --modbus, the indicator's register map (see --help)") }
            do { map = try ModbusRTUFormat.RegisterMap(text: text) } catch { throw ValidationError(error.description) }
        }
        guard let indicator = IndicatorFormats.named(formatName, modbus: map) else {
            throw ValidationError("unknown format \(formatName): one of \(IndicatorFormats.names.joined(separator: ", "))")
        }
        let poll = Int64(value(pollMilliseconds.map(String.init), "poll-ms") ?? "100") ?? 0
        guard (20...10_000).contains(poll) else { throw ValidationError("poll-ms is 20…10000") }
        guard let parity = SerialPort.Parity(rawValue: value(parity, "parity") ?? "none") else {
            throw ValidationError("parity is none, even or odd")
        }
        let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw ValidationError("\(secretFile) is empty") }
        let queuePath = value(queue, "queue") ?? "/var/lib/isocom-gateway/\(device).db"

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .info
            return handler
        }
        var logger = Logger(label: "gateway")
        logger[metadataKey: "device"] = "\(device)"

        let store = try ReadingQueue(path: queuePath)
        logger.notice("gateway started", metadata: ["boot": "\(store.bootID)", "waiting": "\(store.count)", "port": "\(port)",
                                                    "format": "\(formatName)", "server": "\(server)"])
        let started = ContinuousClock.now
        let clock = SharedClock(wall: { Int64(Date().timeIntervalSince1970 * 1000) }, monotonic: {
            let elapsed = ContinuousClock.now - started
            return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        }, stepped: { [logger] step in
            logger.warning("this box's clock stepped; what it stamps and signs keeps the server's time", metadata: ["step_s": "\(step / 1000)"])
        })
        let reader = Reader(port: .init(path: port, baud: Int(value(baud.map(String.init), "baud") ?? "9600") ?? 9600, parity: parity,
                                        dataBits: Int(value(dataBits.map(String.init), "data-bits") ?? "8") ?? 8),
                            format: indicator, queue: store,
                            settings: StabilityDetector.Settings(band: divisionGrams, samples: samples, holdMilliseconds: holdMilliseconds),
                            pollMilliseconds: poll, clock: clock, rawLog: rawLog, logger: logger)
        Thread.detachNewThread { reader.run() }
        if exitWithParent { Self.exitWhenOrphaned(logger) }
        let sender = try Sender(settings: .init(server: server.hasSuffix("/") ? String(server.dropLast()) : server, device: device,
                                                key: SymmetricKey(data: Data(secret.utf8)), batch: 200, heartbeatSeconds: heartbeatSeconds),
                                queuePath: queuePath, bootID: store.bootID, client: HTTPClient.shared, clock: clock, logger: logger)
        await sender.run()
    }

    /// A gateway the simulator started ends with it, even when the simulator is killed: the
    /// simulated indicators are gone then, and an orphan would hold its files and the terminal.
    static func exitWhenOrphaned(_ logger: Logger) {
        let parent = getppid()
        Thread.detachNewThread {
            while getppid() == parent { Thread.sleep(forTimeInterval: 0.5) }
            logger.notice("the simulator that started this gateway is gone; stopping")
            Foundation.exit(0)
        }
    }

    static func read(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#"), let equals = text.firstIndex(of: "=") else { continue }
            values[text[..<equals].trimmingCharacters(in: .whitespaces)] = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}
