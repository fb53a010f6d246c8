/// One thing wrong with an import file, named by file, line and column.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    /// The line in the file (the header is line 1); nil for a problem with the file itself.
    public let line: Int?
    public let column: String?
    public let message: String

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += " [\(column)]" }
        return "\(place): \(message)"
    }
}

/// An import refused whole: every problem found, nothing written.
public struct ImportRejected: Error, Sendable, CustomStringConvertible {
    public let problems: [ImportProblem]

    public var description: String {
        "import rejected, nothing was changed (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }

    public var asFactoryError: FactoryError {
        FactoryError(.validationError, reason: "import_rejected", description,
                     details: ["problems": String(problems.count)])
    }
}

/// What an import did, per file.
public struct ImportReport: Sendable, Equatable, CustomStringConvertible {
    public struct FileCounts: Sendable, Equatable {
        public var created = 0
        public var updated = 0
        public var unchanged = 0
    }
    public var files: [(name: String, counts: FileCounts)] = []

    public var changed: Bool { files.contains { $0.counts.created + $0.counts.updated > 0 } }

    public var description: String {
        files.map { "\($0.name): \($0.counts.created) created, \($0.counts.updated) updated, \($0.counts.unchanged) unchanged" }
            .joined(separator: "\n")
    }

    public static func == (a: ImportReport, b: ImportReport) -> Bool {
        a.files.map(\.name) == b.files.map(\.name) && a.files.map(\.counts) == b.files.map(\.counts)
    }
}
