/// A scale's window, newest first, straight from one index: the binding reads it ordered by
/// time and then id (two readings can share a microsecond), and with an index on the device
/// and time alone both engines sorted the window's rows on every weighing to break the ties.
/// The new index serves everything the old one did, so the old one goes.
enum Schema0005ReadingWindowOrder {
    static let id = "202612021900_reading_window_order"

    static let sql = """
    CREATE INDEX scale_events_device_window ON scale_events (device_id, ts_ingested, id);
    DROP INDEX scale_events_device_latest;
    """
}
