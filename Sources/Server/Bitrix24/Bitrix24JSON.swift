import FactoryCore
import Foundation

/// Bitrix24's answers as `JSONValue`. The portal writes fractions (`"duration":0.188`, a smart
/// process's `opportunity`), which the product's own JSON never holds: they are kept as their
/// decimal text, so that money still never passes through a float on our side.
enum Bitrix24JSON {
    static func parse(_ text: String) throws -> JSONValue {
        value(try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }

    static func value(_ any: Any) -> JSONValue {
        switch any {
        case let dictionary as [String: Any]: return .object(dictionary.mapValues(value))
        case let array as [Any]: return .array(array.map(value))
        case let text as String: return .string(text)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": return .bool(number.boolValue)
            case "d", "f": return .string(number.stringValue)
            default: return .int(number.int64Value)
            }
        default: return .null
        }
    }
}
