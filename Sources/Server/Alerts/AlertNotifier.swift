import FactoryCore
import Foundation
import Logging

/// Tells the channels outside the plant what the monitor raised and resolved: each piece of
/// news owed (`AlertDeliveries`) is sent and marked, or its failure scheduled for another try.
public struct AlertNotifier: Sendable {
    let api: FactoryAPI
    let channels: [any AlertChannel]
    let logger: Logger

    public init(api: FactoryAPI, channels: [any AlertChannel], logger: Logger) { (self.api, self.channels, self.logger) = (api, channels, logger) }

    /// The channels of the configuration: `ALERT_WEBHOOK_URL`, and `ALERT_BITRIX_USERS` through the Bitrix24 portal.
    public static func configured(api: FactoryAPI, logger: Logger) throws -> AlertNotifier {
        let configuration = api.services.configuration
        var channels: [any AlertChannel] = []
        if let url = configuration.alertWebhookURL { channels.append(WebhookAlertChannel(url: url)) }
        if !configuration.alertBitrixUsers.isEmpty, let client = try Bitrix24Client.configured(configuration) {
            channels.append(Bitrix24AlertChannel(client: client, users: configuration.alertBitrixUsers))
        }
        return AlertNotifier(api: api, channels: channels, logger: logger)
    }

    /// Sends what is owed now; answers how many were sent.
    @discardableResult
    public func deliver() async -> Int {
        guard !channels.isEmpty else { return 0 }
        let deliveries = api.services.alertDeliveries
        let names = channels.map(\.name)
        let owed: [AlertDeliveries.Due]
        do { owed = try await api.read { try deliveries.due($0, channels: names) } } catch {
            logger.error("the alerts owed could not be read", metadata: ["error": "\(error)"])
            return 0
        }
        var sent = 0
        for due in owed {
            guard let channel = channels.first(where: { $0.name == due.channel }) else { continue }
            do {
                try await channel.send(due.alert, due.event)
                try await api.write { try deliveries.markSent($0, due) }
                sent += 1
            } catch {
                let text = (error as? Bitrix24Failure)?.description ?? (error as? FactoryError)?.message ?? "\(error)"
                let failures = try? await api.write { try deliveries.markFailed($0, due, error: text) }
                logger.warning("alert not delivered; it will be tried again", metadata: [
                    "alert": "\(due.alert.id)", "channel": "\(due.channel)", "event": "\(due.event.rawValue)", "error": "\(text)",
                    "attempts": "\(failures ?? 0)"])
            }
        }
        return sent
    }
}
