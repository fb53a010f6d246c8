/// Every read of scale_events names its device (a weighing's window, a device's health and
/// history), so an index on the time alone served none of them, cost every reading stored an
/// entry, and misled PostgreSQL: when a gateway's backlog filled the window, its generic plan
/// for a weighing walked the whole backlog by time, filtering out the other scales' rows.
enum Schema0006ReadingsByDevice {
    static let id = "202612031230_readings_by_device"

    static let sql = """
    DROP INDEX scale_events_ts_ingested;
    """
}
