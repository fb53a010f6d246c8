/// Which scale reading may be bound to a weighing (spec §19.1; DECISIONS B24), as a decision
/// over the device's recent readings.
public enum RSBinding {
    public struct Reading: Sendable, Equatable {
        public let id: String
        public let gross: Grams
        public let stable: Bool
        public let late: Bool
        public let bound: Bool
        public let ingestedAt: Timestamp

        public init(id: String, gross: Grams, stable: Bool, late: Bool, bound: Bool, ingestedAt: Timestamp) {
            self.id = id
            self.gross = gross
            self.stable = stable
            self.late = late
            self.bound = bound
            self.ingestedAt = ingestedAt
        }
    }

    public struct Settings: Sendable, Equatable {
        /// `IOT_ACCEPT_WINDOW_SEC`: how old a reading may be.
        public var windowSeconds: Int64
        /// A reading at or below this is an empty scale.
        public var zeroBand: Grams
        /// A change larger than this is a different load.
        public var changeThreshold: Grams
        /// Readings above the scale's capacity are overloads and never bind.
        public var capacity: Grams?

        public init(windowSeconds: Int64 = 10, zeroBand: Grams = Grams(200), changeThreshold: Grams = Grams(500),
                    capacity: Grams? = nil) {
            self.windowSeconds = windowSeconds
            self.zeroBand = zeroBand
            self.changeThreshold = changeThreshold
            self.capacity = capacity
        }
    }

    public enum Refusal: Error, Sendable, Equatable {
        /// No stable, unbound, in-window reading: `rs_not_found_in_window`.
        case noReadingInWindow
        /// The load that was bound last is still on the scale: `rs_load_not_removed`.
        case loadNotRemoved(lastBoundID: String)

        public var reason: String {
            switch self {
            case .noReadingInWindow: "rs_not_found_in_window"
            case .loadNotRemoved: "rs_load_not_removed"
            }
        }
    }

    /// The newest reading that may bind: in the window, stable, on time, not yet bound, not an
    /// empty pan, not an overload.
    public static func candidate(in readings: [Reading], now: Timestamp, settings: Settings) -> Reading? {
        let oldest = now.adding(seconds: -settings.windowSeconds)
        return readings.sorted { ($0.ingestedAt, $0.id) > ($1.ingestedAt, $1.id) }.first { reading in
            reading.ingestedAt >= oldest && reading.ingestedAt <= now && reading.stable && !reading.late && !reading.bound
                && reading.gross > settings.zeroBand && settings.capacity.map { reading.gross <= $0 } ?? true
        }
    }

    /// One physical load binds once: a reading shows that the last bound load left when the pan
    /// was empty or held a clearly different load.
    public static func showsLoadLeft(_ reading: Reading, lastBound: Reading, settings: Settings) -> Bool {
        reading.gross <= settings.zeroBand || (reading.gross - lastBound.gross).magnitude > settings.changeThreshold
    }

    /// The whole decision over an in-memory list of a device's readings.
    ///
    /// Only a reading after the last bound one may bind: the readings before it showed the load
    /// that was weighed then. A scale streams several stable readings of one load, and two
    /// weighings pressed in the same second would otherwise take the newest, then the one
    /// before it: one load booked twice.
    public static func choose(from readings: [Reading], now: Timestamp, settings: Settings) -> Result<Reading, Refusal> {
        let newestFirst = readings.sorted { ($0.ingestedAt, $0.id) > ($1.ingestedAt, $1.id) }
        guard let lastBound = newestFirst.first(where: \.bound) else {
            return candidate(in: readings, now: now, settings: settings).map(Result.success) ?? .failure(.noReadingInWindow)
        }
        let since = readings.filter { $0.ingestedAt > lastBound.ingestedAt }
        guard let candidate = candidate(in: since, now: now, settings: settings) else {
            let before = candidate(in: readings, now: now, settings: settings)
            return .failure(before == nil ? .noReadingInWindow : .loadNotRemoved(lastBoundID: lastBound.id))
        }
        let loadLeft = newestFirst.contains { reading in
            reading.ingestedAt > lastBound.ingestedAt && reading.ingestedAt <= candidate.ingestedAt
                && showsLoadLeft(reading, lastBound: lastBound, settings: settings)
        }
        return loadLeft ? .success(candidate) : .failure(.loadNotRemoved(lastBoundID: lastBound.id))
    }
}
