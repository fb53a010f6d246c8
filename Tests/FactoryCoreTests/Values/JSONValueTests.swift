import FactoryCore
import Foundation
import Testing

/// Audit signatures are over canonical JSON bytes: the hand-written writer must produce what
/// Foundation's sorted-keys encoder produces, for every kind of value and character.
@Suite struct JSONValueTests {
    static func foundation(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func canonicalTextIsFoundationsSortedKeysOutputByteForByte() throws {
        var controls = ""
        for byte in 0..<32 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(byte))) }
        let samples: [JSONValue] = [
            nil, true, false, 0, -1, .int(Int64.min), .int(Int64.max), "", "o‘g‘il é ✔ 𝄞", .string(controls),
            "quote \" back \\ slash / del \u{7f}", [], [:], [1, "a", nil, [true]],
            ["a10": 1, "a9": 2, "B": 3, "_x": 4, "a": 5, "a-b": 6, "ab": 7, "Z": 8, "é": 9, "z": ["nested": ["k": "v"]]],
        ]
        for sample in samples { #expect(sample.canonicalText == (try Self.foundation(sample)), "\(sample)") }
    }

    @Test func randomDocumentsAgreeToo() throws {
        var random = SystemRandomNumberGenerator()
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &random) {
            case 0: .int(Int64.random(in: .min ... .max, using: &random))
            case 1: .bool(Bool.random(using: &random))
            case 2: .string(String((0..<Int.random(in: 0..<12, using: &random)).map { _ in
                Character(Unicode.Scalar([0x1F, 0x22, 0x41, 0x5C, 0x7A, 0xE9, 0x2018, 0x1F600].randomElement(using: &random)!)!)
            }))
            case 3: .null
            case 4: .array((0..<Int.random(in: 0..<4, using: &random)).map { _ in value(depth + 1) })
            default: .object(Dictionary(uniqueKeysWithValues: (0..<Int.random(in: 0..<4, using: &random)).map { n in
                ("k\(Int.random(in: 0..<100, using: &random))_\(n)", value(depth + 1))
            }))
            }
        }
        for _ in 0..<500 {
            let document = value(0)
            #expect(document.canonicalText == (try Self.foundation(document)))
            // Stored documents are read back by the hand-written parser: the same value, and
            // the same value as Foundation's decoder gives.
            #expect(try JSONValue.parse(document.canonicalText) == document)
            #expect(try JSONValue.parse(document.canonicalText) == JSONDecoder().decode(JSONValue.self, from: Data(document.canonicalText.utf8)))
        }
    }

    @Test func parsingReadsWhitespaceEscapesAndSurrogatesAsFoundationDoes() throws {
        let texts = [
            #" { "a" : [ 1 , -2 , true , false , null ] , "b" : { } , "c" : [ ] } "#,
            #"{"s":"tab\t nl\n cr\r bs\b ff\f q\" sl\/ bk\\ \u00e9 \u2018 \ud834\udd1e"}"#,
            #"{"dup":1,"dup":2}"#, "0", "-0", "\"o‘g‘il\"", "[[[[[]]]]]",
        ]
        for text in texts {
            #expect(try JSONValue.parse(text) == JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), "\(text)")
        }
    }

    @Test func parsingRefusesWhatIsNotJSONOrNotKept() {
        let refused = [
            "", "{", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.5", "1e3", "tru", "nul", "\"open", "\"\\x\"",
            "\"\\ud834\"", "\"\u{01}\"", "[1] 2", "99999999999999999999", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        ]
        for text in refused {
            #expect(throws: FactoryError.self, "\(text)") { try JSONValue.parse(text) }
        }
    }
}

/// Every id the plant writes comes from `UUID.random()` and is stored as `lowercasedText`.
@Suite struct RandomUUIDTests {
    @Test func randomUUIDsAreVersion4AndTheirTextIsFoundationsLowerCased() {
        var seen = Set<UUID>()
        for _ in 0..<1000 {
            let uuid = UUID.random()
            seen.insert(uuid)
            #expect(uuid.lowercasedText == uuid.uuidString.lowercased())
            #expect(UUID(uuidString: uuid.lowercasedText) == uuid)
            let text = uuid.lowercasedText
            #expect(text[text.index(text.startIndex, offsetBy: 14)] == "4")
            #expect("89ab".contains(text[text.index(text.startIndex, offsetBy: 19)]))
        }
        #expect(seen.count == 1000)
    }
}
