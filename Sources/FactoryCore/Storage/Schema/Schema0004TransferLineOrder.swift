/// A shipment's lines in the order they were weighed out: with several loads on one scale the
/// storekeeper receives them in that order, and a list sorted by random line ids would not be.
/// Lines written before this change have no number and sort first, by id as before.
enum Schema0004TransferLineOrder {
    static let id = "202612021540_transfer_line_order"

    static let sql = """
    ALTER TABLE stock_transfer_lines ADD COLUMN line_no {int};
    CREATE UNIQUE INDEX stock_transfer_lines_order ON stock_transfer_lines (transfer_id, line_no);
    """
}
