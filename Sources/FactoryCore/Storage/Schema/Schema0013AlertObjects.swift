/// Alerts about an object (a scale, a line, an order), one open alert per rule and object; who
/// acknowledged and who closed one. Alerts raised before this carry their own id as object, so
/// none of them is merged with another.
enum Schema0013AlertObjects {
    static let id = "202612060140_alert_objects"

    static let sql = """
    ALTER TABLE alerts ADD COLUMN object_key {text};
    ALTER TABLE alerts ADD COLUMN acked_at {ts};
    ALTER TABLE alerts ADD COLUMN acked_by {id} REFERENCES users(id);
    ALTER TABLE alerts ADD COLUMN closed_by {id} REFERENCES users(id);
    ALTER TABLE alerts ADD COLUMN updated_at {ts};
    UPDATE alerts SET object_key = CAST(id AS TEXT), updated_at = ts;
    CREATE UNIQUE INDEX alerts_one_open ON alerts (metric_code, object_key) WHERE status <> 'closed';
    """
}
