/// One row of the signed audit log.
public struct AuditEntry: Sendable, Hashable {
    public typealias ID = TypedID<AuditEntry>
    public let id: ID
    /// Position in the chain, from 1 without gaps.
    public let seq: Int64
    public let actorID: User.ID?
    /// The actor's position at the time, or `cli` for a command run at the server's console.
    public let role: String?
    public let ts: Timestamp
    public let action: String
    public let objectType: String
    public let objectID: String?
    /// Canonical JSON `{"new":…,"old":…}` (plus context such as the console user).
    public let diffJSON: String
    public let sigHash: String

    init(row: Row) throws {
        id = try row.id("id")
        seq = try row.int("seq")
        actorID = try row.optionalID("actor_id")
        role = row.optionalString("role")
        ts = try row.timestamp("ts")
        action = try row.string("action")
        objectType = try row.string("object_type")
        objectID = row.optionalString("object_id")
        diffJSON = try row.string("old_new_diff_json")
        sigHash = try row.string("sig_hash")
    }

    public init(id: ID, seq: Int64, actorID: User.ID?, role: String?, ts: Timestamp, action: String,
                objectType: String, objectID: String?, diffJSON: String, sigHash: String) {
        self.id = id
        self.seq = seq
        self.actorID = actorID
        self.role = role
        self.ts = ts
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.diffJSON = diffJSON
        self.sigHash = sigHash
    }
}
