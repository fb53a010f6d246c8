/// PostgreSQL announces a change of what the supervisors' boards and the wall panel show on the
/// `board` channel, once per transaction (identical notifications of one transaction fold into
/// one, delivered at commit): the panel reads the board when something changed instead of
/// polling. Scale readings are not among them; their own channel (`scale_events`) serves the
/// live weights. SQLite has no NOTIFY: its readers poll.
enum Schema0009BoardChanges {
    static let id = "202612050800_board_changes"
    static let channel = "board"

    /// The tables behind a line's balance, its gates, its scales' calibration, and what waits
    /// in a supervisor's inbox.
    static let tables = ["sessions", "stock_txn", "packages", "qc_records", "scrap_lots", "scrap_links", "disposed_log", "gate_log",
                         "session_balance", "devices", "calibration", "approvals", "approval_steps", "on_hold"]

    static func sql(for backend: Backend) -> String {
        guard backend == .postgres else { return "" }
        return """
        CREATE OR REPLACE FUNCTION factory_board_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          PERFORM pg_notify('\(channel)', current_schema());
          RETURN NULL;
        END
        $fn$;

        """ + tables.map { table in
            "CREATE TRIGGER \(table)_board_changed AFTER INSERT OR UPDATE OR DELETE ON \(table) "
                + "FOR EACH STATEMENT EXECUTE FUNCTION factory_board_changed();"
        }.joined(separator: "\n")
    }
}

extension WallBoard {
    /// The PostgreSQL channel a change of the board is announced on.
    public static let channel = Schema0009BoardChanges.channel
}
