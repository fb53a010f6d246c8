/// A person who signs in: at a terminal with a password, at a kiosk with a PIN.
public struct User: Sendable, Hashable, Identifiable {
    public typealias ID = TypedID<User>
    public let id: ID
    public var username: String
    public var fullName: String
    public var position: Position
    public var grade: Grade?
    public var status: UserStatus
    public var bitrixID: String?

    public init(id: ID = ID(), username: String, fullName: String, position: Position,
                grade: Grade?, status: UserStatus = .active, bitrixID: String? = nil) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.position = position
        self.grade = grade
        self.status = status
        self.bitrixID = bitrixID
    }

    init(row: Row) throws {
        self.init(id: try row.id("id"), username: try row.string("username"),
                  fullName: try row.string("full_name"), position: try row.word("position"),
                  grade: try row.optionalWord("grade"), status: try row.word("status"),
                  bitrixID: row.optionalString("bitrix_id"))
    }
}
