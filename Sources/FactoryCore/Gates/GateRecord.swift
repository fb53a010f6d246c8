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

    public init(id: ID, gateType: GateType, objectType: String, objectID: String, objectRef: JSONValue = .null, ts: Timestamp, note: String?,
                releasedAt: Timestamp? = nil, releasedBy: User.ID? = nil, releaseNote: String? = nil) {
        (self.id, self.gateType, self.objectType, self.objectID, self.objectRef, self.ts) = (id, gateType, objectType, objectID, objectRef, ts)
        (self.note, self.releasedAt, self.releasedBy, self.releaseNote) = (note, releasedAt, releasedBy, releaseNote)
    }

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
