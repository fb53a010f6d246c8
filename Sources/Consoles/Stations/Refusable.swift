/// A page's event that a refusal becomes: each console page has a `refused(Failure)` case.
protocol Refusable {
    static func refused(_ failure: Failure) -> Self
}

extension SessionBoardKiosk.Event: Refusable {}
extension SessionStartKiosk.Event: Refusable {}
extension SessionKiosk.Event: Refusable {}
extension GatesKiosk.Event: Refusable {}
extension InboxKiosk.Event: Refusable {}
extension RecipeKiosk.Event: Refusable {}
extension FinanceKiosk.Event: Refusable {}
extension IntegratorKiosk.Event: Refusable {}
extension ReportsKiosk.Event: Refusable {}

/// Runs one use case of a console's client: what it throws comes back as the page's refusal,
/// in the words of `Failure`.
func answer<Event: Refusable>(_ body: () throws -> Event) -> Event {
    do { return try body() } catch { return .refused(Failure(error)) }
}
