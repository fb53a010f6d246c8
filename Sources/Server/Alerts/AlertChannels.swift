import AsyncHTTPClient
import FactoryCore
import Foundation
import NIOCore
import NIOHTTP1

/// A way out of the plant for an alert's news. One interface for every channel (DECISIONS A):
/// a plain webhook and Bitrix24 notifications today, e-mail behind the same door.
public protocol AlertChannel: Sendable {
    /// The channel's name in `alert_deliveries` (`webhook`, `bitrix24`).
    var name: String { get }
    func send(_ alert: AlertService.Alert, _ event: AlertDeliveries.Event) async throws
}

extension AlertService.Alert {
    /// One line a person reads in a chat or a notification.
    func sentence(_ event: AlertDeliveries.Event) -> String {
        let value = valueMilli.map { DecimalText.format($0, scale: 3) } ?? "?"
        let threshold = thresholdMilli.map { DecimalText.format($0, scale: 3) } ?? "?"
        return event == .raised
            ? "ISOCOM \(severity.rawValue) \(rule): \(object) at \(value) (threshold \(threshold))"
            : "ISOCOM \(severity.rawValue) \(rule): \(object) is over"
    }

    /// The same on every try of one piece of news, so that a receiver can keep it once.
    func deliveryKey(_ event: AlertDeliveries.Event) -> String { "isocom-alert-\(id.text)-\(event.rawValue)" }
}

/// Posts `{"event","alert":{…},"text","delivery"}` to a URL; any 2xx answer is delivery. A
/// lost answer means the same news is posted again: `delivery`, also sent as the
/// `Idempotency-Key` header, is the same on every try, so a receiver keeps it once.
public struct WebhookAlertChannel: AlertChannel {
    public let name = "webhook"
    let url: String
    let http: HTTPClient
    let timeout: TimeAmount

    public init(url: String, http: HTTPClient = .shared, timeoutMilliseconds: Int = 5000) {
        (self.url, self.http, self.timeout) = (url, http, .milliseconds(Int64(timeoutMilliseconds)))
    }

    public func send(_ alert: AlertService.Alert, _ event: AlertDeliveries.Event) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: alert.deliveryKey(event))
        let body: JSONValue = ["event": .string(event.rawValue), "alert": alert.json, "text": .string(alert.sentence(event)),
                               "delivery": .string(alert.deliveryKey(event))]
        request.body = .bytes(ByteBuffer(string: body.canonicalText))
        let response = try await http.execute(request, timeout: timeout)
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw FactoryError.unavailable("webhook_refused", "the alert webhook answered \(response.status.code)")
        }
    }
}

/// A system notification to each named Bitrix24 user (`im.notify.system.add`). The TAG names the
/// alert and the event, so a notification sent twice after a lost answer replaces itself in the
/// portal instead of showing twice.
public struct Bitrix24AlertChannel: AlertChannel {
    public let name = "bitrix24"
    let client: Bitrix24Client
    let users: [String]

    public init(client: Bitrix24Client, users: [String]) { (self.client, self.users) = (client, users) }

    public func send(_ alert: AlertService.Alert, _ event: AlertDeliveries.Event) async throws {
        for user in users {
            _ = try await client.call("im.notify.system.add", [
                "USER_ID": .string(user), "MESSAGE": .string(alert.sentence(event)), "TAG": .string(alert.deliveryKey(event)),
            ])
        }
    }
}
