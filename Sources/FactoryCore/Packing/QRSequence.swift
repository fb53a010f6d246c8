/// The per-day QR counter. One upsert both creates the day's row and advances it, and the row
/// lock it takes makes concurrent packers wait their turn instead of sharing a number.
enum QRSequence {
    static func next(_ db: any SQLConnection, day: String) throws -> QRCode {
        try ask(db, day: day).get()
    }

    /// `next`, sent ahead (`SQLConnection.send`) and read when needed.
    static func ask(_ db: any SQLConnection, day: String) throws -> Later<QRCode> {
        try db.send("""
            INSERT INTO qr_sequences (day, last_no) VALUES (?, 1)
            ON CONFLICT (day) DO UPDATE SET last_no = qr_sequences.last_no + 1
            RETURNING last_no
            """, day).map { rows in
            guard let row = rows.first else {
                throw FactoryError.unavailable("qr_sequence", "the QR counter did not answer")
            }
            let number = Int(try row.int("last_no"))
            guard number <= QRCode.maximumPerDay else {
                throw FactoryError.conflict("qr_day_full", "all \(QRCode.maximumPerDay) QR numbers of \(day) are used")
            }
            return QRCode(day: day, number: number)
        }
    }
}
