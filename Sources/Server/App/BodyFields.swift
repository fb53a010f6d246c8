import FactoryCore
import Foundation

/// One rule for request bodies, kept by the document that states it: a field `openapi.json`
/// does not describe for that operation (`additionalProperties: false`) is refused as a
/// `validation_error` naming it, at any depth, instead of being ignored as Swift's decoders
/// would. A misspelt `reson` is then an error, never a silently missing reason.
enum BodyFields {
    /// Request body schemas by `METHOD /path/{param}`, and the document's shared schemas.
    private static let rules: (operations: [String: JSONValue], schemas: [String: JSONValue]) = {
        guard let document = try? JSONValue.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self)) else { return ([:], [:]) }
        var operations: [String: JSONValue] = [:]
        for (path, item) in document.objectFields["paths"]?.objectFields ?? [:] {
            for (method, operation) in item.objectFields {
                let body = operation.objectFields["requestBody"]?.objectFields["content"]?.objectFields["application/json"]
                if let schema = body?.objectFields["schema"] { operations["\(method.uppercased()) \(path)"] = schema }
            }
        }
        return (operations, document.objectFields["components"]?.objectFields["schemas"]?.objectFields ?? [:])
    }()

    /// Throws for the first field the operation's body schema does not describe. `route` is
    /// the router's path (`/api/v1/packages/{id}`); a body that is not JSON is left to the decoder.
    static func check(_ data: Data, method: String, route: String) throws {
        guard let schema = rules.operations["\(method) \(route)"],
              let body = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        try check(body, schema, at: [])
    }

    private static func check(_ value: Any, _ schema: JSONValue, at path: [String]) throws {
        var rules = schema.objectFields
        if case .string(let target)? = rules["$ref"], let resolved = self.rules.schemas[String(target.split(separator: "/").last ?? "")] {
            rules = resolved.objectFields
        }
        if case .array(let choices)? = rules["oneOf"] {
            // The body fits one choice: it passes when any choice describes all its fields.
            for choice in choices where (try? check(value, choice, at: path)) != nil { return }
            if let first = choices.first { try check(value, first, at: path) }
            return
        }
        if let object = value as? [String: Any] {
            let properties = rules["properties"]?.objectFields ?? [:]
            for (name, field) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[name] {
                    try check(field, property, at: path + [name])
                } else if rules["additionalProperties"] == .bool(false) {
                    let place = (path + [name]).joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
                    let known = properties.keys.sorted().joined(separator: ", ")
                    throw FactoryError.validation(field: place, reason: "unknown_field", "\(place) is not a field of this request (known: \(known))")
                }
            }
        } else if let array = value as? [Any], let items = rules["items"] {
            for (index, element) in array.enumerated() { try check(element, items, at: path + ["[\(index)]"]) }
        }
    }
}
