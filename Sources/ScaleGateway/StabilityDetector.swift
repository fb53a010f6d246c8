/// Decides, sample by sample, what a gateway reports for one scale (research §4.2): a load once,
/// when it has settled, and that it left, so that the server binds one load once and can tell
/// one long plateau from two loads. Settled means the indicator says so (when its format can)
/// and at least `samples` readings stayed within `band` of one another for `hold` milliseconds.
/// Overload, underload, net and negative frames are never reported as a load.
public struct StabilityDetector: Sendable {
    public struct Settings: Sendable, Equatable {
        /// How far apart the samples of a settled load may be: one division, in grams.
        public var band: Int64
        public var samples: Int
        public var holdMilliseconds: Int64
        /// Below this the pan counts as empty, in grams (the server's zero band is 200 g).
        public var minimumLoad: Int64
        /// A load differing by more than this from the one reported is another load.
        public var rearm: Int64

        public init(band: Int64 = 10, samples: Int = 3, holdMilliseconds: Int64 = 500, minimumLoad: Int64 = 200, rearm: Int64 = 500) {
            (self.band, self.samples, self.holdMilliseconds, self.minimumLoad, self.rearm) = (band, samples, holdMilliseconds, minimumLoad, rearm)
        }
    }

    public enum Report: Sendable, Equatable {
        /// A settled load, reported once.
        case settled(grams: Int64)
        /// The reported load left (the pan emptied or another load came): not a weight to bind.
        case left(grams: Int64)
    }

    public let settings: Settings
    /// The run of samples within the band: when it began, how many, its bounds, the last.
    private var runStart: Int64 = 0
    private var runCount = 0
    private var runLow: Int64 = 0
    private var runHigh: Int64 = 0
    /// The run's latest samples, for the value reported: their median.
    private var runSamples: [Int64] = []
    /// The load reported and not yet seen to leave.
    private var reported: Int64?
    /// Frames that could not be a load (overload, underload, net, negative), counted.
    public private(set) var refused = 0

    public init(settings: Settings = Settings()) { self.settings = settings }

    /// The report a frame read at `milliseconds` (a monotonic clock) makes, if any.
    public mutating func take(_ frame: IndicatorFrame, at milliseconds: Int64) -> Report? {
        guard case .grams(let grams) = frame.weight, !frame.net else {
            refused += 1
            runCount = 0
            return nil
        }
        let shown = max(grams, 0)
        if grams < 0 { refused += 1 }
        if let load = reported, shown < settings.minimumLoad || abs(shown - load) > settings.rearm {
            reported = nil
            runCount = 0
            return .left(grams: shown)
        }
        if runCount > 0, max(runHigh, grams) - min(runLow, grams) <= settings.band {
            runCount += 1
            (runLow, runHigh) = (min(runLow, grams), max(runHigh, grams))
            runSamples.append(grams)
            if runSamples.count > 16 { runSamples.removeFirst() }
        } else {
            (runStart, runCount, runLow, runHigh) = (milliseconds, 1, grams, grams)
            runSamples = [grams]
        }
        guard reported == nil, grams >= settings.minimumLoad, frame.stable != false, runCount >= settings.samples,
              milliseconds - runStart >= settings.holdMilliseconds else { return nil }
        let value = runSamples.sorted()[(runSamples.count - 1) / 2]
        reported = value
        return .settled(grams: value)
    }
}
