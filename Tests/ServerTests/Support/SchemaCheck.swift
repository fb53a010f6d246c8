import FactoryCore
import Foundation
import Server

/// Holds an answer to what `openapi.json` says it is: the schema of its operation and status,
/// checked with the part of JSON Schema the document uses (type, properties, required,
/// additionalProperties, items, enum, const, pattern, minimum, oneOf, $ref). Every problem is
/// named by its place in the answer.
struct SchemaCheck {
    let document: JSONValue

    init() throws {
        document = try JSONValue.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
    }

    /// The documented schema of an answer; throws why there is none.
    func schema(method: String, path: String, status: Int) throws -> JSONValue {
        func missing(_ why: String) -> FactoryError { FactoryError(.notFound, reason: "undocumented", why) }
        let concrete = path.split(separator: "?", maxSplits: 1)[0]
        let asked = concrete.split(separator: "/")
        // A literal segment wins over a parameter: `payroll/snapshot/generate`, not `payroll/snapshot/{id}`.
        guard let (_, item) = (document.objectFields["paths"]?.objectFields ?? [:]).filter({ template, _ in
            let parts = template.split(separator: "/")
            return parts.count == asked.count && zip(parts, asked).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }).min(by: { $0.key.filter { $0 == "{" }.count < $1.key.filter { $0 == "{" }.count }) else { throw missing("\(path) is not in the document") }
        guard let operation = item.objectFields[method.lowercased()] else { throw missing("\(method) \(path) is not in the document") }
        guard let response = operation.objectFields["responses"]?.objectFields[String(status)] else {
            throw missing("\(method) \(path) does not document status \(status)")
        }
        guard let schema = response.objectFields["content"]?.objectFields["application/json"]?.objectFields["schema"] else {
            throw missing("\(method) \(path) \(status) documents no JSON body")
        }
        return schema
    }

    /// The problems of `value` against `schema`; empty when it conforms.
    func problems(_ value: JSONValue, _ schema: JSONValue, at place: String = "$") -> [String] {
        let rules = schema.objectFields
        if case .string(let target)? = rules["$ref"] {
            let name = String(target.split(separator: "/").last ?? "")
            guard let resolved = document.objectFields["components"]?.objectFields["schemas"]?.objectFields[name] else { return ["\(place): no schema \(name)"] }
            return problems(value, resolved, at: place)
        }
        if case .array(let choices)? = rules["oneOf"] {
            let fitting = choices.filter { problems(value, $0, at: place).isEmpty }.count
            return fitting == 1 ? [] : ["\(place): fits \(fitting) of the oneOf choices, not one: \(value.canonicalText.prefix(80))"]
        }
        var found: [String] = []
        if let constant = rules["const"], constant != value { found.append("\(place): is \(value.canonicalText), not \(constant.canonicalText)") }
        if case .array(let allowed)? = rules["enum"], !allowed.contains(value) { found.append("\(place): \(value.canonicalText) is not one of the enum") }
        if let type = rules["type"] {
            let types: [String] = if case .array(let list) = type { list.compactMap(\.stringValue) } else { [type.stringValue ?? ""] }
            guard types.contains(where: { Self.matches(value, $0) }) else { return found + ["\(place): \(value.canonicalText.prefix(60)) is not \(types)"] }
        }
        switch value {
        case .string(let text):
            if case .string(let pattern)? = rules["pattern"], text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(place): '\(text)' does not match \(pattern)")
            }
        case .int(let number):
            if case .int(let minimum)? = rules["minimum"], number < minimum { found.append("\(place): \(number) < \(minimum)") }
        case .array(let elements):
            if let item = rules["items"] {
                for (index, element) in elements.enumerated() { found += problems(element, item, at: "\(place)[\(index)]") }
            }
        case .object(let fields):
            let properties = rules["properties"]?.objectFields ?? [:]
            if case .array(let required)? = rules["required"] {
                for name in required.compactMap(\.stringValue) where fields[name] == nil { found.append("\(place): lacks \(name)") }
            }
            for (name, field) in fields {
                if let property = properties[name] {
                    found += problems(field, property, at: "\(place).\(name)")
                } else if rules["additionalProperties"] == .bool(false) {
                    found.append("\(place): has \(name), which the document does not describe")
                }
            }
        default:
            break
        }
        return found
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (value, type) {
        case (.string, "string"), (.bool, "boolean"), (.int, "integer"), (.int, "number"), (.array, "array"), (.object, "object"), (.null, "null"):
            true
        default:
            false
        }
    }
}
