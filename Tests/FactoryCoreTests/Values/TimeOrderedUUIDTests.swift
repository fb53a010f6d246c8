import FactoryCore
import Foundation
import Testing

@Suite struct TimeOrderedUUIDTests {
    @Test func anIdCarriesItsMillisecondVersionSevenAndTheVariant() {
        let at = Date(timeIntervalSince1970: 1_796_212_800.123) // 2026-12-02T12:00:00.123Z
        let id = UUID.timeOrdered(at: at)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_796_212_800_123)
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        #expect(TypedID<Int>(id.lowercasedText)?.uuid == id)
    }

    /// What the indexes rely on: an id made a millisecond later sorts after, as stored text.
    @Test func idsMadeLaterSortLaterAsTheStoredText() {
        let start = Date(timeIntervalSince1970: 1_796_212_800)
        let texts = (0..<1_000).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0) / 1_000)).lowercasedText }
        #expect(texts == texts.sorted())
        #expect(Set(texts).count == texts.count)
    }

    @Test func idsMadeInTheSameMillisecondDiffer() {
        let at = Date()
        let ids = (0..<10_000).map { _ in UUID.timeOrdered(at: at) }
        #expect(Set(ids).count == ids.count)
    }
}
