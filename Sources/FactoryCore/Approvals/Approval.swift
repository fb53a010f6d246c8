/// A request that someone with the right to allow it must approve (M12).
/// States: pending → approved | rejected; multi-step types advance one step per approver.
public struct Approval: Sendable, Hashable, Identifiable {
    public typealias ID = TypedID<Approval>
    public let id: ID
    public let type: ApprovalType
    public let objectType: String
    public let objectID: String
    public let requestedBy: User.ID
    public let requestedAt: Timestamp
    public let state: ApprovalState
    public let stepsRequired: Int
    public let stepsDone: Int
    public let approverID: User.ID?
    public let approvedAt: Timestamp?
    public let comment: String?
    public let payload: JSONValue

    init(row: Row) throws {
        id = try row.id("id")
        type = try row.word("type")
        objectType = try row.string("object_type")
        objectID = try row.string("object_id")
        requestedBy = try row.id("requested_by")
        requestedAt = try row.timestamp("requested_at")
        state = try row.word("state")
        stepsRequired = Int(try row.int("steps_required"))
        stepsDone = Int(try row.int("steps_done"))
        approverID = try row.optionalID("approver_id")
        approvedAt = try row.optionalTimestamp("approved_at")
        comment = row.optionalString("comment")
        payload = try row.optionalString("payload_json").map(JSONValue.parse) ?? .null
    }

    var auditState: JSONValue {
        ["state": .string(state.rawValue), "steps_done": .int(Int64(stepsDone)), "steps_required": .int(Int64(stepsRequired))]
    }
}
