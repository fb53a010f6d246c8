import ScaleGateway
import Testing

/// One load is reported once, when it has settled; its leaving is reported so that the next
/// load is another; what is not a load never is.
@Suite struct StabilityDetectorTests {
    static func frame(_ grams: Int64, stable: Bool? = nil) -> IndicatorFrame { IndicatorFrame(weight: .grams(grams), stable: stable) }

    /// Samples every 100 ms from `start`; the reports they make.
    static func run(_ detector: inout StabilityDetector, _ samples: [Int64], stable: Bool? = nil, from start: Int64 = 0) -> [StabilityDetector.Report] {
        samples.enumerated().compactMap { index, grams in detector.take(frame(grams, stable: stable), at: start + Int64(index) * 100) }
    }

    @Test func aLoadSettlesOnceAfterHoldingStillAndIsReportedOnce() {
        var detector = StabilityDetector()
        let settling: [Int64] = [0, 8_000, 25_000, 30_400, 30_210, 30_200, 30_205, 30_200, 30_200, 30_205, 30_200, 30_200]
        #expect(Self.run(&detector, settling) == [.settled(grams: 30_200)], "within 10 g for 0.5 s, once")
        #expect(Self.run(&detector, Array(repeating: 30_200, count: 50), from: 1_200).isEmpty, "a long plateau is one load")
        #expect(Self.run(&detector, [15_000, 0, 0], from: 6_200) == [.left(grams: 15_000)], "its leaving is reported once")
        #expect(Self.run(&detector, Array(repeating: 30_200, count: 7), from: 6_500) == [.settled(grams: 30_200)],
                "the same weight again after the pan emptied is another roll")
    }

    @Test func theIndicatorsFlagMustAgree() {
        var detector = StabilityDetector()
        #expect(Self.run(&detector, Array(repeating: 12_000, count: 10), stable: false).isEmpty, "motion flagged: never settled")
        #expect(Self.run(&detector, Array(repeating: 12_000, count: 2), stable: true, from: 1_000) == [.settled(grams: 12_000)])
    }

    @Test func aSwapForAnotherLoadIsALeaveThenASettle() {
        var detector = StabilityDetector()
        _ = Self.run(&detector, Array(repeating: 30_000, count: 7))
        #expect(Self.run(&detector, [31_000] + Array(repeating: 31_000, count: 7), from: 700) == [.left(grams: 31_000), .settled(grams: 31_000)])
        #expect(Self.run(&detector, Array(repeating: 31_300, count: 7), from: 2_000).isEmpty, "300 g is within the re-arm: the same load")
    }

    @Test func overloadUnderloadNetAndNegativeAreNeverALoad() {
        var detector = StabilityDetector()
        for (index, weight) in [IndicatorFrame.Weight.overload, .underload, .overload].enumerated() {
            #expect(detector.take(IndicatorFrame(weight: weight, stable: true), at: Int64(index) * 100) == nil)
        }
        #expect(Self.run(&detector, Array(repeating: -460, count: 10), stable: true, from: 1_000).isEmpty)
        for index in 0..<10 { #expect(detector.take(IndicatorFrame(weight: .grams(30_000), stable: true, net: true), at: 3_000 + Int64(index) * 100) == nil) }
        #expect(detector.refused == 23)
        #expect(Self.run(&detector, Array(repeating: 150, count: 10), stable: true, from: 5_000).isEmpty, "under the minimum load the pan is empty")
    }

    @Test func anOverloadInTheMiddleOfSettlingStartsTheHoldAgain() {
        var detector = StabilityDetector()
        _ = Self.run(&detector, [30_000, 30_000, 30_000, 30_000])
        #expect(detector.take(IndicatorFrame(weight: .overload, stable: false), at: 400) == nil)
        #expect(Self.run(&detector, [30_000, 30_000, 30_000, 30_000, 30_000], from: 500).isEmpty, "400 ms since the overload: not yet")
        #expect(detector.take(Self.frame(30_000), at: 1_000) == .settled(grams: 30_000))
    }
}
