import Foundation

/// A report as UTF-8 CSV with a byte-order mark (so that Excel reads Cyrillic and Uzbek letters
/// right): the watermark, an empty line, then each section (its title, the column keys, the
/// rows), then the notes. Fields are quoted as RFC 4180 says, and bytes go to the file through a
/// buffer of a megabyte.
///
/// Written here rather than through CSV.swift's writer, which the product still uses to read
/// imports: that writer hands the stream one byte at a time, and a million-row report spent
/// most of its time there.
public final class CSVReportWriter: ReportWriter {
    private let file: FileHandle
    private var buffer: [UInt8] = []
    private var sections = 0

    public init(path: String, heading: ReportHeading) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let file = FileHandle(forWritingAtPath: path) else {
            throw FactoryError.unavailable("export_failed", "the file \(path) could not be created")
        }
        self.file = file
        buffer.reserveCapacity(Self.flushAt + 4096)
        buffer += [0xEF, 0xBB, 0xBF]
        field(heading.watermark)
        line()
        line()
    }

    private static let flushAt = 1 << 20

    public let rowLimit: Int? = nil

    public func begin(_ section: ReportSection) throws {
        if sections > 0 { line() }
        sections += 1
        if let title = section.title {
            field(title)
            line()
        }
        for (index, column) in section.columns.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            field(column.key)
        }
        line()
    }

    public func row(_ cells: [ExportTable.Cell]) throws {
        for (index, cell) in cells.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            field(cell.csvText)
        }
        line()
        if buffer.count >= Self.flushAt { try flush() }
    }

    /// A CSV file has no pictures: the chart's figures are in the rows already.
    public func chart(_ chart: ReportChart) throws {}

    public func finish(notes: [String]) throws {
        if !notes.isEmpty {
            line()
            for note in notes {
                field(note)
                line()
            }
        }
        try flush()
        try file.close()
    }

    private func line() { buffer += [0x0D, 0x0A] }

    private func field(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x0D || $0 == 0x0A }) else {
                buffer.append(contentsOf: bytes)
                return
            }
            buffer.append(0x22)
            for byte in bytes {
                buffer.append(byte)
                if byte == 0x22 { buffer.append(0x22) }
            }
            buffer.append(0x22)
        }
    }

    private func flush() throws {
        do { try file.write(contentsOf: buffer) } catch {
            throw FactoryError.unavailable("export_failed", "the report could not be written: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
