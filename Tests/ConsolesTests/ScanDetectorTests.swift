import Consoles
import Foundation
import Testing

/// Scanner research §5: a fast burst ending in Enter is one scan; a person's typing stays typing
/// and shows at once.
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

    @Test func aFastBurstEndingInEnterIsOneScanAndItsEchoIsTakenBack() {
        var detector = ScanDetector()
        let code = "FG-2026-11-25-000001"
        #expect(feed(&detector, code, gapMilliseconds: 4) == code.map { .key(.character($0)) } + [.retract(code), .scan(code)])
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

    @Test func aTypedKeyIsPassedOnTheMomentItArrives() {
        var detector = ScanDetector()
        #expect(detector.feed(.character("7"), at: start) == [.key(.character("7"))], "nothing waits for the scanner's 30 ms")
    }

    @Test func typingJustBeforeAScanStaysTyped() {
        var detector = ScanDetector()
        _ = detector.feed(.character("1"), at: start)
        _ = detector.feed(.character("2"), at: start + .milliseconds(200))
        let scanned = feed(&detector, "QR-9", gapMilliseconds: 3, from: 900)
        #expect(scanned.suffix(2) == [.retract("QR-9"), .scan("QR-9")], "only the burst is taken back, not the 1 and 2")
    }

    @Test func aFieldGivesBackOnlyWhatItTook() {
        var pin = "12"
        pin.append(contentsOf: "FG-7".filter(\.isNumber))
        pin.retract("FG-7", accepted: \.isNumber)
        #expect(pin == "12")
        var field = "abc"
        field.retract("zz")
        #expect(field == "abc", "nothing is removed that is not there")
    }

    @Test func overSSHThePrefixMakesAScanWhateverThePace() {
        var detector = ScanDetector(prefix: "~")
        #expect(feed(&detector, "~FG-1", gapMilliseconds: 120) == [.scan("FG-1")], "after the prefix nothing is echoed")
        #expect(feed(&detector, "12", gapMilliseconds: 120, from: 5_000) == [.key(.character("1")), .key(.character("2")), .key(.named("Enter"))])
    }

    @Test func aFunctionKeyEndsABurstAsTyping() {
        var detector = ScanDetector()
        #expect(detector.feed(.character("x"), at: start) == [.key(.character("x"))])
        #expect(detector.feed(.named("F10"), at: start + .milliseconds(2)) == [.key(.named("F10"))])
    }
}
