/// One hit of a blocking gate (M13): open until someone allowed to release it does.
public struct GateRecord: Sendable, Hashable, Identifiable {
    public typealias ID = TypedID<GateRecord>
    public let id: ID
    public let gateType: GateType
    public let objectType: String
    public let objectID: String
    public let objectRef: JSONValue
    public let ts: Timestamp
    public let note: String?
    public let releasedAt: Timestamp?
    public let releasedBy: User.ID?
    public let releaseNote: String?

    public var isOpen: Bool { releasedAt == nil }

    init(row: Row) throws {
        id = try row.id("id")
        gateType = try row.word("gate_type")
        objectType = try row.string("object_type")
        objectID = try row.string("object_id")
        objectRef = try row.optionalString("object_ref").map(JSONValue.parse) ?? .null
        ts = try row.timestamp("ts")
        note = row.optionalString("note")
        releasedAt = try row.optionalTimestamp("released_at")
        releasedBy = try row.optionalID("released_by")
        releaseNote = row.optionalString("release_note")
    }
}
