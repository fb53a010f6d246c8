import Foundation

/// The written reason a person must give for an exceptional action (a pause, a typed value, a
/// release, a disposal, a re-open): blank is refused with `reason_required`.
enum RequiredReason {
    /// Returns the reason without surrounding blanks.
    @discardableResult
    static func check(_ text: String, _ message: String) throws -> String {
        let reason = text.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else {
            throw FactoryError.validation(field: "reason", reason: "reason_required", message)
        }
        return reason
    }
}
