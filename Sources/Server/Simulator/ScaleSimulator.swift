import AsyncHTTPClient
import Crypto
import FactoryCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The DEV scale simulator (`factory simulate`): a gateway for every device of the plant, each
/// posting a signed reading a second to the ingest, as real gateways do. It reads the devices'
/// signing keys from the database it shares with the server (issuing a secret to a device that
/// has none), so it is for the demo host only.
public struct ScaleSimulator: Sendable {
    public struct Gateway: Sendable {
        public let device: Device
        let key: SymmetricKey
        var simulation: ScaleSimulation
        var seq: Int64 = 0

        /// The device's ingest secret, for a gateway process the simulator starts.
        public var secret: String { key.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
    }

    public let baseURL: String
    public let bootID: Int64
    let logger: Logger

    public init(baseURL: String, bootID: Int64, logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.bootID = bootID
        self.logger = logger
    }

    /// Every active device with its key; devices without a secret get one now.
    public static func gateways(_ services: FactoryServices, seed: UInt64) throws -> [Gateway] {
        try services.perform { db in
            try Device.all(db).filter(\.active).enumerated().map { index, device in
                var key = try services.deviceSecrets.key(db, deviceID: device.id.text)
                if key == nil {
                    let secret = try services.deviceSecrets.issue(db, by: .console(osUser: "simulator"), deviceCode: device.code)
                    key = SymmetricKey(data: Data(secret.utf8))
                }
                return Gateway(device: device, key: key!, simulation: ScaleSimulation(profile: .of(device), seed: seed &+ UInt64(index)))
            }
        }
    }

    /// Posts one reading per gateway per second for `seconds` (forever when nil).
    public func run(_ gateways: [Gateway], seconds: Int? = nil, client: HTTPClient = .shared) async throws {
        var gateways = gateways
        var second = 0
        while seconds.map({ second < $0 }) ?? true {
            let started = ContinuousClock.now
            for index in gateways.indices {
                try Task.checkCancellation()
                let reading = gateways[index].simulation.tick()
                gateways[index].seq += 1
                await post(gateways[index], reading, client: client)
            }
            second += 1
            try await Task.sleep(until: started + .seconds(1))
        }
    }

    private func post(_ gateway: Gateway, _ reading: ScaleSimulation.Reading, client: HTTPClient) async {
        // As a gateway writes it (spec §6.2): the weight a JSON number with three decimals.
        let body = #"{"boot_id":\#(bootID),"seq":\#(gateway.seq),"ts_device":"\#(Timestamp(Date()))","gross_kg":\#(reading.gross.decimalText),"stable":\#(reading.stable)}"#
        let sent = String(Int64(Date().timeIntervalSince1970))
        var request = HTTPClientRequest(url: "\(baseURL)/api/v1/ingest/scale-events")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Device-Id", value: gateway.device.code)
        request.headers.add(name: "X-Timestamp", value: sent)
        request.headers.add(name: "X-Signature", value: DeviceSignature.sign(body: Array(body.utf8), timestamp: sent, key: gateway.key))
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await client.execute(request, timeout: .seconds(5))
            if response.status.code != 201 {
                let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
                logger.warning("ingest refused a reading", metadata: ["device": "\(gateway.device.code)", "status": "\(response.status.code)", "body": "\(text)"])
            }
        } catch {
            logger.warning("ingest unreachable", metadata: ["device": "\(gateway.device.code)", "error": "\(error)"])
        }
    }
}
