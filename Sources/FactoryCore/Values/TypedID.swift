import Foundation

/// An identifier that knows what it identifies: a `Package.ID` cannot be passed where a
/// `Session.ID` is expected. Stored as lower-case UUID text in both databases.
public struct TypedID<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID = .timeOrdered()) { self.uuid = uuid }

    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    public var text: String { uuid.lowercasedText }
    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = TypedID(text) else {
            throw FactoryError.validation(field: "id", reason: "bad_id", "'\(text)' is not an id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
