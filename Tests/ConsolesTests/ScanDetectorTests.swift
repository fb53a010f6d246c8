import Consoles
import Foundation
import Testing

/// Scanner research §5: a fast burst ending in Enter is one scan; a person's typing stays typing.
@Suite struct ScanDetectorTests {
    let start = ContinuousClock.now

    func feed(_ detector: inout ScanDetector, _ text: String, gapMilliseconds: Int, from offset: Int = 0) -> [KeyInput] {
        var out: [KeyInput] = []
        var at = offset
        for character in text {
            out += detector.feed(.character(character), at: start + .milliseconds(at))
            at += gapMilliseconds
        }
        out += detector.feed(.named("Enter"), at: start + .milliseconds(at))
        return out
    }

    @Test func aFastBurstEndingInEnterIsOneScan() {
        var detector = ScanDetector()
        #expect(feed(&detector, "FG-2026-11-25-000001", gapMilliseconds: 4) == [.scan("FG-2026-11-25-000001")])
    }

    @Test func aPersonTypingIsTypingFollowedByEnter() {
        var detector = ScanDetector()
        let typed = feed(&detector, "abc", gapMilliseconds: 180)
        #expect(typed == [.key(.character("a")), .key(.character("b")), .key(.character("c")), .key(.named("Enter"))])
    }

    @Test func twoFastKeysAreTooShortForAScan() {
        var detector = ScanDetector()
        #expect(feed(&detector, "ab", gapMilliseconds: 5) == [.key(.character("a")), .key(.character("b")), .key(.named("Enter"))])
    }

    @Test func heldBackKeysAppearWhenThePersonPauses() {
        var detector = ScanDetector()
        #expect(detector.feed(.character("7"), at: start) == [])
        #expect(detector.idle(at: start + .milliseconds(10)) == [], "it might still be a scanner")
        #expect(detector.idle(at: start + .milliseconds(40)) == [.key(.character("7"))])
    }

    @Test func overSSHThePrefixMakesAScanWhateverThePace() {
        var detector = ScanDetector(prefix: "~")
        #expect(feed(&detector, "~FG-1", gapMilliseconds: 120) == [.scan("FG-1")])
        #expect(feed(&detector, "12", gapMilliseconds: 120, from: 5_000) == [.key(.character("1")), .key(.character("2")), .key(.named("Enter"))])
    }

    @Test func aFunctionKeyEndsABurstAsTyping() {
        var detector = ScanDetector()
        _ = detector.feed(.character("x"), at: start)
        #expect(detector.feed(.named("F10"), at: start + .milliseconds(2)) == [.key(.character("x")), .key(.named("F10"))])
    }
}
