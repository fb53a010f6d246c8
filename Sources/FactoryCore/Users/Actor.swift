/// The person doing something, as every service and the audit log see them.
public struct Actor: Sendable, Hashable {
    public let userID: User.ID
    public let username: String
    public let position: Position

    public init(userID: User.ID, username: String, position: Position) {
        self.userID = userID
        self.username = username
        self.position = position
    }

    public init(_ user: User) {
        self.init(userID: user.id, username: user.username, position: user.position)
    }
}
