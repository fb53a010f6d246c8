import CQRencode

/// A QR code drawn with half-block characters (two modules per character cell vertically),
/// encoded by libqrencode, so a label's code can be scanned from the kiosk's screen too.
public enum QRCodeArt {
    /// The rows of text for `text`, with a two-module quiet zone; nil if it cannot be encoded.
    public static func render(_ text: String) -> [String]? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let quiet = 2
        let size = width + 2 * quiet
        func dark(_ row: Int, _ column: Int) -> Bool {
            let (r, c) = (row - quiet, column - quiet)
            guard (0..<width).contains(r), (0..<width).contains(c) else { return false }
            return code.pointee.data[r * width + c] & 1 == 1
        }
        return stride(from: 0, to: size, by: 2).map { row in
            String((0..<size).map { column -> Character in
                switch (dark(row, column), dark(row + 1, column)) {
                case (true, true): "█"
                case (true, false): "▀"
                case (false, true): "▄"
                case (false, false): " "
                }
            })
        }
    }
}
