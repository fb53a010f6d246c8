/// The end-of-shift SHOP snapshot (spec §5.3, DECISIONS B15): every line of one shift's count
/// carries the shift it belongs to, so a session's WIP is the lines of its latest count, not
/// the sum of every count ever taken.
enum Schema0003ShiftSnapshots {
    static let id = "202611250902_shift_snapshots"

    static let sql = """
    ALTER TABLE stock_txn ADD COLUMN snapshot_key {text};
    CREATE INDEX stock_txn_snapshot ON stock_txn (session_id, snapshot_key);
    """
}
