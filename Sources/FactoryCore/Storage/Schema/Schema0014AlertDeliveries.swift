/// Each alert's news (raised, resolved) as delivered to each channel outside the plant (a
/// webhook, Bitrix24): at most one delivery per alert, channel and event, retried until sent.
enum Schema0014AlertDeliveries {
    static let id = "202612060205_alert_deliveries"

    static let sql = """
    CREATE TABLE alert_deliveries (
      id {id} PRIMARY KEY,
      alert_id {id} NOT NULL REFERENCES alerts(id),
      channel {text} NOT NULL,
      event {text} NOT NULL CHECK (event IN ('raised', 'resolved')),
      status {text} NOT NULL CHECK (status IN ('pending', 'sent')),
      attempts {int} NOT NULL DEFAULT 0,
      next_try_at {ts},
      last_error {text},
      sent_at {ts},
      UNIQUE (alert_id, channel, event)
    ){strict};
    """
}
