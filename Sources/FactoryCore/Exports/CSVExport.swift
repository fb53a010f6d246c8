import CSV
import Foundation

/// An export as UTF-8 CSV with a byte-order mark (so that Excel reads Cyrillic and Uzbek
/// letters right): the watermark, an empty line, the header, the rows.
enum CSVExport {
    static func write(_ table: ExportTable) throws -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, delimiter: ",", newline: .crlf)
        try writer.write(row: [table.watermark])
        try writer.write(row: [""])
        try writer.write(row: table.columns)
        for row in table.rows { try writer.write(row: row.map(\.csvText)) }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return [0xEF, 0xBB, 0xBF] + Array(data) + Array("\r\n".utf8)
    }
}
