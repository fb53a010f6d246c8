/// When a failed Bitrix24 exchange is tried again (DECISIONS B18): after 1 min, 5 min, 15 min,
/// 1 h and 4 h, then every 4 h, until `BITRIX_RETRY_MAX` attempts have failed; then the item
/// stays in `error` until someone retries it by hand. From the fifth failure on, the item is
/// escalated (`integration_backlog`): people must look, even while retries go on.
public enum IntegrationRetry {
    public static let delaysSeconds: [Int64] = [60, 5 * 60, 15 * 60, 3600, 4 * 3600]
    public static let escalateAfterFailures = 5

    public enum Next: Sendable, Equatable {
        case retry(at: Timestamp)
        /// Every attempt has failed: `error`, manual retry only.
        case giveUp
    }

    /// What follows the `failures`-th failure (1 for the first) at `now`.
    public static func next(afterFailures failures: Int, maximum: Int, now: Timestamp) -> Next {
        guard failures < maximum else { return .giveUp }
        let delay = delaysSeconds[min(max(failures, 1), delaysSeconds.count) - 1]
        return .retry(at: now.adding(seconds: delay))
    }

    public static func isEscalated(failures: Int64, status: IntegrationStatus) -> Bool {
        status != .sent && failures >= Int64(escalateAfterFailures)
    }
}
