import Foundation

/// Length-prefixed fields after a version tag: the bytes signed by the audit chain and the
/// e-seal. No two different field lists share bytes, and nil differs from "".
enum CanonicalFields {
    static func encode(tag: String, _ fields: [String?]) -> Data {
        var data = Data("\(tag);".utf8)
        for field in fields {
            if let field {
                data.append(contentsOf: "\(field.utf8.count):".utf8)
                data.append(contentsOf: field.utf8)
                data.append(UInt8(ascii: ";"))
            } else {
                data.append(contentsOf: "-;".utf8)
            }
        }
        return data
    }
}
