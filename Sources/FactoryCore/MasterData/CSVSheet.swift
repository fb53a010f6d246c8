import CSV
import Foundation

/// A CSV file read whole: its header and its rows with their line numbers.
struct CSVSheet {
    let name: String
    let header: [String]
    let rows: [(line: Int, fields: [String: String])]

    init(name: String, text: String) throws {
        self.name = name
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw ImportRejected(problems: [ImportProblem(file: name, line: 1, column: nil, message: "cannot read the header row")])
        }
        let header = (reader.headerRow ?? []).map {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "")
        }
        var rows: [(Int, [String: String])] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var named: [String: String] = [:]
            for (index, column) in header.enumerated() where index < fields.count {
                named[column] = fields[index]
            }
            if fields.count > header.count {
                named["\u{0}extra"] = String(fields.count - header.count)
            }
            rows.append((line, named))
        }
        if let error = reader.error {
            throw ImportRejected(problems: [ImportProblem(file: name, line: line, column: nil,
                                                          message: "the file is not valid UTF-8 CSV (\(error))")])
        }
        self.header = header
        self.rows = rows
    }

    /// A required column the header lacks, or a column it names that is neither required nor
    /// optional.
    func headerProblems(required: [String], optional: [String]) -> [ImportProblem] {
        required.filter { !header.contains($0) }.map { ImportProblem(file: name, line: 1, column: $0, message: "missing column") }
            + header.filter { !required.contains($0) && !optional.contains($0) }.map {
                ImportProblem(file: name, line: 1, column: $0, message: "unknown column; expected \((required + optional).joined(separator: ", "))")
            }
    }
}
