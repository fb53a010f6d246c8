/// A gate hit again while still open is the same gate (`GateLog.open`), but every hit counts
/// for `gate_hits_total`, whichever process saw it: the API's or a kiosk's.
enum Schema0008GateHits {
    static let id = "202612041800_gate_hits"

    static let sql = """
    ALTER TABLE gate_log ADD COLUMN hits {int} NOT NULL DEFAULT 1;
    """
}
