import FactoryCore

/// One simulated scale (or length counter) as a person at it would see it, a reading a second:
/// the empty pan, a load put on that wobbles for a moment, the settled weight held long enough
/// to be bound, then the load lifted off. Seeded, so a test can replay it.
public struct ScaleSimulation: Sendable {
    /// The loads this device sees, in grams (for a counter: millimetres).
    public struct Profile: Sendable, Equatable {
        public let lightest: Int64
        public let heaviest: Int64

        public init(lightest: Int64, heaviest: Int64) {
            self.lightest = lightest
            self.heaviest = heaviest
        }

        /// A plausible profile from the device's code: MAIN pallets, SHOP bags, packed rolls,
        /// grinder containers, and 250 m rolls on a counter.
        public static func of(_ device: Device) -> Profile {
            if device.type == .lengthCounter { return Profile(lightest: 249_000, heaviest: 251_000) }
            if device.code.contains("MAIN") { return Profile(lightest: 200_000, heaviest: 600_000) }
            if device.code.contains("SHOP") { return Profile(lightest: 20_000, heaviest: 120_000) }
            if device.code.contains("RW") { return Profile(lightest: 5_000, heaviest: 40_000) }
            return Profile(lightest: 29_700, heaviest: 30_300)
        }
    }

    public struct Reading: Sendable, Equatable {
        public let gross: Grams
        public let stable: Bool
    }

    enum Phase: Sendable, Equatable {
        case empty(left: Int)
        case settling(left: Int, target: Int64)
        case holding(left: Int, target: Int64)
    }

    let profile: Profile
    var phase: Phase
    var random: SplitMix

    public init(profile: Profile, seed: UInt64) {
        self.profile = profile
        random = SplitMix(state: seed)
        phase = .empty(left: 2)
    }

    /// The next second's reading.
    public mutating func tick() -> Reading {
        switch phase {
        case .empty(let left):
            phase = left > 1 ? .empty(left: left - 1)
                : .settling(left: Int.random(in: 2...3, using: &random), target: Int64.random(in: profile.lightest...profile.heaviest, using: &random))
            return Reading(gross: .zero, stable: true)
        case .settling(let left, let target):
            phase = left > 1 ? .settling(left: left - 1, target: target) : .holding(left: Int.random(in: 12...20, using: &random), target: target)
            // The pan swings around the weight by up to 3 % while it settles.
            let swing = max(1, target * 3 / 100)
            return Reading(gross: Grams(max(0, target + Int64.random(in: -swing...swing, using: &random))), stable: false)
        case .holding(let left, let target):
            phase = left > 1 ? .holding(left: left - 1, target: target) : .empty(left: Int.random(in: 3...8, using: &random))
            return Reading(gross: Grams(target), stable: true)
        }
    }
}
