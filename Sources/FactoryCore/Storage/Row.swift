import Foundation

/// One result row. Readers accept both backends' spellings of a value (SQLite's 0/1 and
/// PostgreSQL's `t`/`f`, ISO and PostgreSQL timestamps) so services never branch on the engine.
public struct Row: Sendable {
    public let columns: [String: Int]
    public let values: [SQLValue]

    public init(columns: [String: Int], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ name: String) -> SQLValue {
        guard let index = columns[name] else { preconditionFailure("query has no column '\(name)'") }
        return values[index]
    }

    public func isNull(_ name: String) -> Bool { self[name] == .null }

    public func optionalString(_ name: String) -> String? {
        switch self[name] {
        case .null: nil
        case .text(let s): s
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        }
    }

    public func string(_ name: String) throws -> String {
        guard let value = optionalString(name) else { throw missing(name) }
        return value
    }

    public func optionalInt(_ name: String) throws -> Int64? {
        switch self[name] {
        case .null: return nil
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .text(let s):
            guard let i = Int64(s) else { throw corrupt(name, s) }
            return i
        }
    }

    public func int(_ name: String) throws -> Int64 {
        guard let value = try optionalInt(name) else { throw missing(name) }
        return value
    }

    public func bool(_ name: String) throws -> Bool {
        switch self[name] {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .text(let s) where ["t", "true", "1"].contains(s): return true
        case .text(let s) where ["f", "false", "0"].contains(s): return false
        case .null: throw missing(name)
        case .text(let s): throw corrupt(name, s)
        }
    }

    public func optionalTimestamp(_ name: String) throws -> Timestamp? {
        guard let text = optionalString(name) else { return nil }
        guard let value = Timestamp(parsing: text) else { throw corrupt(name, text) }
        return value
    }

    public func timestamp(_ name: String) throws -> Timestamp {
        guard let value = try optionalTimestamp(name) else { throw missing(name) }
        return value
    }

    public func optionalID<E>(_ name: String, as: E.Type = E.self) throws -> TypedID<E>? {
        guard let text = optionalString(name) else { return nil }
        guard let id = TypedID<E>(text) else { throw corrupt(name, text) }
        return id
    }

    public func id<E>(_ name: String, as: E.Type = E.self) throws -> TypedID<E> {
        guard let value: TypedID<E> = try optionalID(name) else { throw missing(name) }
        return value
    }

    public func quantity<Q: FixedPoint>(_ name: String, as: Q.Type = Q.self) throws -> Q {
        Q(units: try int(name))
    }

    public func optionalQuantity<Q: FixedPoint>(_ name: String, as: Q.Type = Q.self) throws -> Q? {
        try optionalInt(name).map(Q.init(units:))
    }

    public func word<E: DomainEnum>(_ name: String, as: E.Type = E.self) throws -> E {
        let text = try string(name)
        guard let value = E(rawValue: text) else { throw corrupt(name, text) }
        return value
    }

    public func optionalWord<E: DomainEnum>(_ name: String, as: E.Type = E.self) throws -> E? {
        guard let text = optionalString(name) else { return nil }
        guard let value = E(rawValue: text) else { throw corrupt(name, text) }
        return value
    }

    private func missing(_ name: String) -> FactoryError {
        FactoryError.unavailable("corrupt_row", "column \(name) is unexpectedly empty")
    }

    private func corrupt(_ name: String, _ text: String) -> FactoryError {
        FactoryError.unavailable("corrupt_row", "column \(name) holds an unreadable value '\(text)'")
    }
}
