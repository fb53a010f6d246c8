import Foundation

/// Length-prefixed fields after a version tag: the bytes signed by the audit chain and the
/// e-seal. No two different field lists share bytes, and nil differs from "".
enum CanonicalFields {
    static func encode(tag: String, _ fields: [String?]) -> [UInt8] {
        var bytes = Array(tag.utf8)
        bytes.reserveCapacity(fields.reduce(tag.utf8.count + 1) { $0 + ($1?.utf8.count ?? 0) + 8 })
        bytes.append(UInt8(ascii: ";"))
        for field in fields {
            if let field {
                bytes += String(field.utf8.count).utf8
                bytes.append(UInt8(ascii: ":"))
                bytes += field.utf8
                bytes.append(UInt8(ascii: ";"))
            } else {
                bytes += [UInt8(ascii: "-"), UInt8(ascii: ";")]
            }
        }
        return bytes
    }
}
