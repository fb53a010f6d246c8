/// FIFO closing of session scrap (spec §19.4; DECISIONS B12): mass that left the scrap pile
/// (the grinder's IN weight, or a disposal) is linked to sessions' outstanding scrap, oldest
/// first; what is left over is `vt_excess`.
public enum FIFOLinking {
    /// A piece of scrap attributed to a session and not yet fully taken.
    public struct Outstanding: Sendable, Equatable {
        public let lotID: String
        public let sessionID: String
        public let createdAt: Timestamp
        public let remaining: Grams

        public init(lotID: String, sessionID: String, createdAt: Timestamp, remaining: Grams) {
            self.lotID = lotID
            self.sessionID = sessionID
            self.createdAt = createdAt
            self.remaining = remaining
        }
    }

    public struct Link: Sendable, Equatable {
        public let lotID: String
        public let sessionID: String
        public let quantity: Grams

        public init(lotID: String, sessionID: String, quantity: Grams) {
            self.lotID = lotID
            self.sessionID = sessionID
            self.quantity = quantity
        }
    }

    public struct Plan: Sendable, Equatable {
        public let links: [Link]
        /// Weight with no outstanding scrap to take it: the `vt_excess` warning.
        public let excess: Grams
    }

    /// Links `amount` to `outstanding`, oldest first (ties by lot id, so the plan is stable).
    public static func plan(amount: Grams, outstanding: [Outstanding]) -> Plan {
        var rest = amount
        var links: [Link] = []
        let ordered = outstanding.filter { $0.remaining.grams > 0 }
            .sorted { ($0.createdAt, $0.lotID) < ($1.createdAt, $1.lotID) }
        for lot in ordered where rest.grams > 0 {
            let take = min(rest, lot.remaining)
            links.append(Link(lotID: lot.lotID, sessionID: lot.sessionID, quantity: take))
            rest -= take
        }
        return Plan(links: links, excess: rest)
    }
}
