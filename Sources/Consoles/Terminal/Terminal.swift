/// What the kiosk loop needs of a terminal: its size, drawing a Screen, and the next key.
/// ncurses is one implementation; tests drive the loop with a scripted one.
public protocol Terminal: AnyObject {
    var size: (width: Int, height: Int) { get }
    func draw(_ screen: Screen)
    /// The next key, waiting at most `timeoutMilliseconds`; nil when none came.
    func nextKey(timeoutMilliseconds: Int32) -> KeyPress?
    /// Sounds what a kiosk answered.
    func sound(_ feedback: Feedback)
}

extension Terminal {
    public func sound(_ feedback: Feedback) {}
}
