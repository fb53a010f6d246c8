/// The answer to a statement given to `SQLConnection.send`: asking for it sends whatever the
/// connection still holds back, so the statement and those sent with it cost one round trip.
public final class SQLAnswer {
    struct Outcome {
        let rows: [Row]
        let changes: Int
    }

    private var outcome: Result<Outcome, any Error>?
    private weak var connection: (any SQLConnection)?

    /// A statement held back by `connection` until its next flush.
    init(heldBy connection: any SQLConnection) {
        self.connection = connection
    }

    /// A statement that has already run.
    init(_ outcome: Result<Outcome, any Error>) {
        self.outcome = outcome
    }

    func settle(_ outcome: Result<Outcome, any Error>) {
        self.outcome = outcome
        connection = nil
    }

    /// The rows the statement returned.
    public func rows() throws -> [Row] {
        try settled().rows
    }

    /// How many rows the statement changed.
    public func changes() throws -> Int {
        try settled().changes
    }

    private func settled() throws -> Outcome {
        if outcome == nil { try connection?.flush() }
        guard let outcome else {
            throw FactoryError.unavailable("statement_unsent", "a statement was dropped before it reached the database")
        }
        return try outcome.get()
    }
}

/// What statements sent ahead will answer, read into a value when it is needed.
public struct Later<Value> {
    private let read: () throws -> Value

    public init(_ read: @escaping () throws -> Value) {
        self.read = read
    }

    /// A value already known, as SQLite's answers are.
    public static func known(_ value: Value) -> Later {
        Later { value }
    }

    public func get() throws -> Value {
        try read()
    }
}

extension SQLAnswer {
    public func map<Value>(_ read: @escaping ([Row]) throws -> Value) -> Later<Value> {
        Later { try read(self.rows()) }
    }
}
