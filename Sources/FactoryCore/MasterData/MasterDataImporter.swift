import Foundation

/// Loads the master-data CSV files of spec §22: every file is checked whole before anything
/// is written, then all of them are applied in one transaction. A rejected import names every
/// bad row and column and leaves the database as it was. Rows that already hold the same
/// values are left alone, so importing the same files twice changes nothing.
public struct MasterDataImporter: Sendable {
    public let audit: AuditLog

    public init(audit: AuditLog) { self.audit = audit }

    /// The file names this importer understands, in import order.
    public static var fileNames: [String] { MasterDataFile.all.map(\.name) }

    public func importDirectory(_ directory: URL, into database: any Database, by source: AuditSource) throws -> ImportReport {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".csv") }.sorted()
        } catch {
            throw FactoryError.validation(field: "path", reason: "unreadable_directory",
                                          "cannot read the directory \(directory.path): \(error.localizedDescription)")
        }
        guard !names.isEmpty else {
            throw FactoryError.validation(field: "path", reason: "no_csv_files", "\(directory.path) holds no .csv files")
        }
        return try importFiles(names.map { directory.appendingPathComponent($0) }, into: database, by: source)
    }

    public func importFiles(_ urls: [URL], into database: any Database, by source: AuditSource) throws -> ImportReport {
        var files: [(String, String)] = []
        for url in urls {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw FactoryError.validation(field: "path", reason: "unreadable_file", "cannot read \(url.path): no such file or no permission")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ImportRejected(problems: [ImportProblem(file: url.lastPathComponent, line: nil, column: nil,
                                                              message: "the file is not UTF-8 text")])
            }
            files.append((url.lastPathComponent, text))
        }
        return try importTexts(files, into: database, by: source)
    }

    /// Checks and applies named CSV texts (`skus.csv` → its content).
    public func importTexts(_ files: [(name: String, text: String)], into database: any Database,
                            by source: AuditSource) throws -> ImportReport {
        let parsed = try parse(files)
        return try database.write { db in
            var report = ImportReport()
            var problems: [ImportProblem] = []
            var created: Set<String> = []
            for (file, records) in parsed {
                var counts = ImportReport.FileCounts()
                for record in records {
                    switch try apply(record, db, by: source, problems: &problems, created: &created) {
                    case .created: counts.created += 1
                    case .updated: counts.updated += 1
                    case .unchanged: counts.unchanged += 1
                    case .failed: break
                    }
                }
                report.files.append((file.name, counts))
            }
            if !problems.isEmpty { throw ImportRejected(problems: problems) }
            return report
        }
    }

    /// Every check that needs no database, over all files, in import order.
    private func parse(_ files: [(name: String, text: String)]) throws -> [(MasterDataFile, [ImportRecord])] {
        var problems: [ImportProblem] = []
        var result: [(MasterDataFile, [ImportRecord])] = []
        let known = Dictionary(files.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        for name in known.keys.sorted() where MasterDataFile.named(name) == nil {
            problems.append(ImportProblem(file: name, line: nil, column: nil,
                                          message: "unknown file; expected one of \(Self.fileNames.joined(separator: ", "))"))
        }
        for spec in MasterDataFile.all {
            guard let text = known[spec.name] else { continue }
            let sheet: CSVSheet
            do { sheet = try CSVSheet(name: spec.name, text: text) } catch let rejected as ImportRejected {
                problems += rejected.problems
                continue
            }
            problems += sheet.headerProblems(required: spec.required, optional: spec.optional)
            var records: [ImportRecord] = []
            var firstLine: [String: Int] = [:]
            for (line, fields) in sheet.rows {
                var reader = RowReader(file: spec.name, line: line, fields: fields)
                let record = spec.parse(&reader)
                problems += reader.problems
                guard let record else { continue }
                if let first = firstLine[record.name] {
                    problems.append(ImportProblem(file: spec.name, line: line, column: spec.required.first,
                                                  message: "duplicate '\(record.name)' (first on line \(first))"))
                } else {
                    firstLine[record.name] = line
                }
                records.append(record)
            }
            problems += spec.checkAll(records)
            result.append((spec, records))
        }
        if !problems.isEmpty { throw ImportRejected(problems: problems) }
        return result
    }

    private enum Outcome { case created, updated, unchanged, failed }

    /// `created` holds the ids this import has written so far: a recipe published by this very
    /// import may still receive its lines.
    private func apply(_ record: ImportRecord, _ db: any SQLConnection, by source: AuditSource,
                       problems: inout [ImportProblem], created: inout Set<String>) throws -> Outcome {
        func resolve(_ columns: [(String, ImportField)]) throws -> [(String, SQLValue, ColumnKind)]? {
            var values: [(String, SQLValue, ColumnKind)] = []
            var complete = true
            for (column, field) in columns {
                switch field {
                case .value(let value, let kind):
                    values.append((column, value, kind))
                case .lookup(let lookup):
                    if let row = try db.query(lookup.sql, lookup.parameters.map { $0 as any SQLBindable }).first {
                        values.append((column, .text(try row.string("id")), .id))
                    } else {
                        problems.append(ImportProblem(file: record.file, line: record.line, column: lookup.column, message: lookup.missing))
                        complete = false
                    }
                }
            }
            return complete ? values : nil
        }
        guard let key = try resolve(record.key), let fields = try resolve(record.fields) else { return .failed }

        // Table and column names come from MasterDataFile, never from the files being imported.
        let condition = key.map { "\($0.0) = ?" }.joined(separator: " AND ")
        let existing = try db.query(
            "SELECT id, \(fields.map(\.0).joined(separator: ", ")) FROM \(record.table) WHERE \(condition)",
            key.map { $0.1 as any SQLBindable }).first
        let object = { (id: String) in AuditObject(record.table, id) }

        func locked(_ id: String?) throws -> Bool {
            guard let lock = record.lock else { return false }
            let value: SQLValue? = lock.column == "id" ? id.map(SQLValue.text) : (key + fields).first { $0.0 == lock.column }?.1
            guard let value else { return false }
            if case .text(let text) = value, created.contains(text) { return false }
            guard try db.query(lock.sql, [value]).first != nil else { return false }
            problems.append(ImportProblem(file: record.file, line: record.line, column: nil, message: lock.message))
            return true
        }

        guard let existing else {
            if try locked(nil) { return .failed }
            let id = UUID.random().lowercasedText
            created.insert(id)
            let now = audit.clock.now()
            let columns = ["id"] + key.map(\.0) + fields.map(\.0) + record.stampOnInsert
            let values: [any SQLBindable] = [id] + (key + fields).map { $0.1 as any SQLBindable } + record.stampOnInsert.map { _ in now }
            try db.execute("INSERT INTO \(record.table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
                           values)
            try audit.record(db, by: source, action: "masterdata.created", object: object(id),
                             new: .object(Dictionary(uniqueKeysWithValues: (key + fields).map { ($0.0, Self.json($0.1)) })))
            return .created
        }
        let id = try existing.string("id")
        let changed = fields.filter { Self.normalized(existing[$0.0], $0.2) != Self.normalized($0.1, $0.2) }
        guard !changed.isEmpty else { return .unchanged }
        if try locked(id) { return .failed }
        var assignments = changed.map { "\($0.0) = ?" }
        var values: [any SQLBindable] = changed.map { $0.1 as any SQLBindable }
        if record.table == "users" {
            assignments.append("updated_at = ?")
            values.append(audit.clock.now())
        }
        try db.execute("UPDATE \(record.table) SET \(assignments.joined(separator: ", ")) WHERE id = ?", values + [id])
        try audit.record(db, by: source, action: "masterdata.updated", object: object(id),
                         old: .object(Dictionary(uniqueKeysWithValues: changed.map { ($0.0, Self.json(existing[$0.0])) })),
                         new: .object(Dictionary(uniqueKeysWithValues: changed.map { ($0.0, Self.json($0.1)) })))
        return .updated
    }

    /// One spelling per value, whichever engine stored it.
    static func normalized(_ value: SQLValue, _ kind: ColumnKind) -> String? {
        switch (value, kind) {
        case (.null, _): return nil
        case (.bool(let b), _): return b ? "1" : "0"
        case (.int(let i), _): return String(i)
        case (.text(let t), .bool): return ["t", "true", "1"].contains(t) ? "1" : "0"
        case (.text(let t), .timestamp): return Timestamp(parsing: t)?.iso8601 ?? t
        case (.text(let t), .id): return t.lowercased()
        case (.text(let t), _): return t
        }
    }

    static func json(_ value: SQLValue) -> JSONValue {
        switch value {
        case .null: .null
        case .int(let i): .int(i)
        case .bool(let b): .bool(b)
        case .text(let t): .string(t)
        }
    }
}
