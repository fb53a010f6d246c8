import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ScaleGateway

/// Drains the queue to the ingest, oldest first, one signed batch at a time; a batch leaves the
/// queue only on the server's 201. The server away: wait and try again, longer each time (up to
/// 30 s). A refused signature: stop sending and say so at every try, keep buffering: a wrong
/// secret must never drop readings. A refused send time is the box's clock: take the server's
/// time from its answer and send again. A batch refused as invalid is set aside in the queue
/// file, never retried for ever in front of the rest. A heartbeat while there is nothing to send.
actor Sender {
    struct Settings {
        let server: String
        let device: String
        let key: SymmetricKey
        let batch: Int
        let heartbeatSeconds: Int
    }

    let settings: Settings
    let queue: ReadingQueue
    let client: HTTPClient
    let clock: SharedClock
    /// The reader's boot: the readings this run stamped.
    let bootID: Int64
    let logger: Logger
    private(set) var sent = 0

    init(settings: Settings, queuePath: String, bootID: Int64, client: HTTPClient, clock: SharedClock, logger: Logger) throws {
        self.bootID = bootID
        self.settings = settings
        queue = try ReadingQueue.sending(from: queuePath)
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    enum Outcome { case sent(Int), nothing, retryLater }

    /// Runs until cancelled.
    func run() async {
        var backoff = 1
        var lastContact = ContinuousClock.now
        var refusedSignature = false
        while !Task.isCancelled {
            switch await sendOnce() {
            case .sent(let count):
                sent += count
                if backoff > 1 || refusedSignature { logger.notice("the server takes readings again", metadata: ["waiting": "\(queue.count)"]) }
                backoff = 1
                refusedSignature = false
                lastContact = ContinuousClock.now
                continue
            case .nothing:
                backoff = 1
                if ContinuousClock.now - lastContact >= .seconds(settings.heartbeatSeconds) {
                    await heartbeat()
                    lastContact = ContinuousClock.now
                }
                try? await Task.sleep(for: .milliseconds(100))
            case .retryLater:
                refusedSignature = refusedSignature || lastRefusal == .signature
                try? await Task.sleep(for: .seconds(refusedSignature ? 30 : backoff))
                backoff = min(30, backoff * 2)
            }
        }
    }

    enum Refusal { case signature, other }
    private var lastRefusal: Refusal?

    func sendOnce() async -> Outcome {
        let batch: [ReadingQueue.Reading]
        do {
            batch = try queue.oldest(limit: settings.batch)
        } catch {
            logger.error("the queue file cannot be read", metadata: ["error": "\(error)"])
            return .retryLater
        }
        guard !batch.isEmpty else { return .nothing }
        do {
            let body = IngestBatch.body(batch, now: clock.now())
            let response = try await post("/api/v1/ingest/scale-events", body: body)
            let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
            // Readings of this run still queued were stamped by the same wrong clock.
            if let correction = try clock.learn(fromDate: response.headers.first(name: "Date"), restamp: {
                try queue.shift(boot: bootID, byMilliseconds: $0)
            }) {
                logger.warning("this box's clock is off the server's; its readings and requests now carry the server's time: check NTP",
                               metadata: ["off_by_s": "\(-correction / 1000)"])
                if text.contains("stale_request") { return .sent(0) }
            }
            switch response.status.code {
            case 201:
                try queue.acknowledge(batch)
                logger.debug("sent", metadata: ["readings": "\(batch.count)", "boot": "\(batch[0].bootID)", "seq": "\(batch[0].seq)…\(batch.last!.seq)",
                                                "answer": "\(text)"])
                return .sent(batch.count)
            case 401 where text.contains("stale_request"):
                lastRefusal = .other
                logger.error("the server refuses the send time and gave no time of its own: set this box's clock (NTP); readings are kept",
                             metadata: ["answer": "\(text)", "waiting": "\(queue.count)"])
                return .retryLater
            case 401:
                lastRefusal = .signature
                logger.critical("the server refuses this gateway's signature: check --secret-file and the device code; readings are kept",
                                metadata: ["device": "\(settings.device)", "answer": "\(text)", "waiting": "\(queue.count)"])
                return .retryLater
            case 400, 413, 422:
                try queue.setAside(batch, answer: text)
                logger.critical("the server refused readings as invalid; they are set aside in the queue file's refused table, the rest go on",
                                metadata: ["readings": "\(batch.count)", "boot": "\(batch[0].bootID)", "seq": "\(batch[0].seq)…\(batch.last!.seq)",
                                           "answer": "\(text)"])
                return .sent(0)
            default:
                lastRefusal = .other
                logger.warning("the server did not take the batch; it is kept and sent again",
                               metadata: ["status": "\(response.status.code)", "answer": "\(text)", "waiting": "\(queue.count)"])
                return .retryLater
            }
        } catch {
            lastRefusal = .other
            logger.warning("the server is unreachable; readings are kept", metadata: ["error": "\(error)", "waiting": "\(queue.count)"])
            return .retryLater
        }
    }

    private func heartbeat() async {
        do {
            let response = try await post("/api/v1/devices/\(settings.device)/heartbeat", body: [])
            if response.status.code != 200 { logger.warning("the heartbeat was refused", metadata: ["status": "\(response.status.code)"]) }
        } catch {
            logger.warning("the server is unreachable (heartbeat)", metadata: ["error": "\(error)"])
        }
    }

    private func post(_ path: String, body: [UInt8]) async throws -> HTTPClientResponse {
        let sentAt = String(clock.now() / 1000)
        var request = HTTPClientRequest(url: settings.server + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Device-Id", value: settings.device)
        request.headers.add(name: "X-Timestamp", value: sentAt)
        request.headers.add(name: "X-Signature", value: IngestSignature.sign(body: body, timestamp: sentAt, key: settings.key))
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await client.execute(request, timeout: .seconds(3))
    }
}
