/// Reads JSON text into a `JSONValue` in one pass over its UTF-8 bytes.
///
/// Every stored document (a session's recipe snapshot, approval payloads, audit diffs) is read
/// back through here, on the packing path among others; Foundation's JSONDecoder spent a
/// quarter of a package creation on the recipe alone. It accepts exactly what `JSONValue`
/// holds: integers without fraction or exponent, strings, booleans, null, arrays and objects
/// (a repeated key keeps its first value, as JSONDecoder does).
struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ text: String) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.failure("text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Deep enough for any document the plant stores, shallow enough that hostile nesting
    /// cannot exhaust the stack.
    private static let maximumDepth = 64

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth)") }
        skipWhitespace()
        guard index < bytes.count else { throw failure("the text ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try integer())
        default: throw failure("unexpected character")
        }
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        index += 1
        var fields: [String: JSONValue] = [:]
        skipWhitespace()
        if peek == UInt8(ascii: "}") { index += 1; return .object(fields) }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw failure("an object key must be a string") }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            let field = try value(depth: depth + 1)
            if fields[key] == nil { fields[key] = field }
            skipWhitespace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            return .object(fields)
        }
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        index += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") { index += 1; return .array(values) }
        while true {
            values.append(try value(depth: depth + 1))
            skipWhitespace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "]"))
            return .array(values)
        }
    }

    private mutating func integer() throws -> Int64 {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        let digits = index - digitsStart
        guard digits > 0 else { throw failure("a number needs digits") }
        guard digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { throw failure("a number cannot start with 0") }
        if let byte = peek, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw FactoryError.validation(field: "json", reason: "unsupported_json",
                                          "only strings, integers, booleans, arrays and objects are kept")
        }
        guard let number = Int64(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            throw failure("the number does not fit 64 bits")
        }
        return number
    }

    private mutating func string() throws -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw failure("a string is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out += Array(String(try unicodeEscape()).utf8)
                default: throw failure("unknown escape \\\(Character(Unicode.Scalar(escape)))")
                }
            case 0..<0x20: throw failure("a control character inside a string")
            default: out.append(byte)
            }
        }
        throw failure("a string is not closed")
    }

    /// `\uXXXX`, joining a surrogate pair into one scalar.
    private mutating func unicodeEscape() throws -> Character {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("a lone surrogate")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                throw failure("a broken surrogate pair")
            }
            return Character(scalar)
        }
        guard let scalar = Unicode.Scalar(high) else { throw failure("a lone surrogate") }
        return Character(scalar)
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw failure("\\u needs four hex digits")
        }
        index += 4
        return value
    }

    private mutating func literal(_ word: String) throws {
        let count = word.utf8.count
        guard index + count <= bytes.count, word.utf8.elementsEqual(bytes[index..<index + count]) else {
            throw failure("unexpected word")
        }
        index += count
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func failure(_ what: String) -> FactoryError {
        FactoryError.validation(field: "json", reason: "bad_json", "not valid JSON at byte \(index): \(what)")
    }
}
