import Foundation

/// A value crossing the boundary to a database: bound as a parameter, or read from a row.
/// There is no floating-point case; quantities travel as integers.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case text(String)
    case bool(Bool)
}

/// Something that can be bound as a statement parameter.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable { public var sqlValue: SQLValue { .int(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .int(Int64(self)) } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .bool(self) } }
extension Timestamp: SQLBindable { public var sqlValue: SQLValue { .text(iso8601) } }
extension TypedID: SQLBindable { public var sqlValue: SQLValue { .text(text) } }
extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension SQLBindable where Self: FixedPoint {
    public var sqlValue: SQLValue { .int(units) }
}
extension Grams: SQLBindable {}
extension Money: SQLBindable {}
extension Percent: SQLBindable {}
extension Length: SQLBindable {}
extension AreaDensity: SQLBindable {}
extension LinearDensity: SQLBindable {}
