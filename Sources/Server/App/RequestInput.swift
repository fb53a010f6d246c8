import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird

/// Reading what a client sent: the JSON body into a typed request, the query's paging and
/// filters, the path's ids. Every failure is the product's `validation_error` naming the
/// field; only a body that is not JSON at all is `malformed_json` (400, DECISIONS B19).
extension Request {
    public func decodeJSON<T: Decodable>(_ type: T.Type, context: FactoryRequestContext, limit: Int) async throws -> T {
        // An empty body is not JSON: the decoder names it.
        try await decodeJSONIfAny(type, context: context, limit: limit) ?? JSONInput.decode(type, from: Data())
    }

    /// As `decodeJSON`, for a body a client may leave out: an empty one is nil.
    public func decodeJSONIfAny<T: Decodable>(_ type: T.Type, context: FactoryRequestContext, limit: Int) async throws -> T? {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw FactoryError(.payloadTooLarge, reason: "payload_too_large", "the body is larger than \(limit) bytes")
        }
        guard buffer.readableBytes > 0 else { return nil }
        let data = Data(buffer.readableBytesView)
        if let route = context.endpointPath { try BodyFields.check(data, method: method.rawValue, route: route) }
        return try JSONInput.decode(type, from: data)
    }

    public func page() throws -> Page {
        try Page(number: try uri.queryParameters.intValue("page") ?? 1, size: try uri.queryParameters.intValue("page_size") ?? 50)
    }

    public func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `?status=` as every list reads it: the state names of the spec (`opened`, DECISIONS B8),
    /// and `open` for `opened` wherever a state is called that, so one word works everywhere.
    public func status<E: DomainEnum>(_ type: E.Type) throws -> E? {
        guard let text = query("status") else { return nil }
        if text == "open", let opened = E(rawValue: "opened") { return opened }
        return try E(parsing: text, field: "status")
    }

    public func queryTimestamp(_ name: String) throws -> Timestamp? {
        guard let text = query(name) else { return nil }
        guard let time = Timestamp(parsing: text) else {
            throw FactoryError.validation(field: name, reason: "bad_time", "\(name) is an ISO-8601 time such as 2026-11-25T08:00:00Z")
        }
        return time
    }
}

extension Parameters {
    func intValue(_ name: String) throws -> Int? {
        guard let text = self[name[...]] else { return nil }
        guard let value = Int(text) else {
            throw FactoryError.validation(field: name, reason: "not_a_number", "\(name) is a whole number")
        }
        return value
    }
}

extension FactoryRequestContext {
    /// A path parameter that must be present (the router guarantees it for matched routes).
    public func path(_ name: String) throws -> String {
        guard let value = parameters.get(name) else {
            throw FactoryError.validation(field: name, reason: "missing_field", "\(name) is missing from the path")
        }
        return value
    }

    public func pathID<E>(_ name: String, _ what: String, as: TypedID<E>.Type = TypedID<E>.self) throws -> TypedID<E> {
        let text = try path(name)
        guard let id = TypedID<E>(text) else { throw FactoryError.notFound(what, text) }
        return id
    }
}

public enum JSONInput {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as FactoryError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw FactoryError.validation(field: fieldPath(context.codingPath + [key]), reason: "missing_field",
                                          "\(fieldPath(context.codingPath + [key])) is required")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw FactoryError.validation(field: fieldPath(context.codingPath), reason: "wrong_type",
                                          "\(fieldPath(context.codingPath)) has the wrong type")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw FactoryError.validation(field: fieldPath(context.codingPath), reason: "bad_value",
                                          "\(fieldPath(context.codingPath)) is not a valid value")
        } catch {
            throw FactoryError(.validationError, reason: "malformed_json", "the body is not valid JSON",
                               details: ["field": "body"])
        }
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "body" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }
}

/// A quantity in its display unit as clients send it (a JSON number or a decimal string), held
/// exactly: more than three decimals, negatives, NaN or huge values are the field's error.
public struct DecimalInput<Q: FixedPoint>: Decodable, Sendable {
    public let value: Q

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // A number is what gateways send (spec §6.2); a failed attempt costs an error, so the
        // common case goes first.
        let number = try? container.decode(Double.self)
        let text = number == nil ? try container.decode(String.self) : nil
        func parse(_ field: String?) throws -> Q {
            if let number { return try Q(parsing: number, field: field) }
            let text = text ?? ""
            // The wire grammar is digits with an optional fraction, nothing else: no sign, no
            // spaces, no bare point (`+1`, ` 1`, `.5`, `5.` are refused, not guessed at).
            guard Self.isPlainDecimal(text) else {
                let name = field ?? JSONInput.fieldPath(decoder.codingPath)
                throw FactoryError.validation(field: name, reason: "not_a_number",
                                              "\(name) is a decimal such as 12.5 or \"12.500\", got '\(text)'")
            }
            return try Q(parsing: text, field: field)
        }
        do {
            value = try parse(nil)
        } catch {
            // The field's path is built only for the error: building it for every reading of
            // every gateway cost more than parsing the value.
            value = try parse(JSONInput.fieldPath(decoder.codingPath))
        }
    }
}

extension DecimalInput {
    /// `12`, `12.5`, `0.125`: ASCII digits, and a point only between digits.
    static func isPlainDecimal(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { (48...57).contains($0) } }
    }
}

/// Kilograms, exact to the gram.
public typealias Kilograms = DecimalInput<Grams>
/// Metres, exact to the millimetre.
public typealias Metres = DecimalInput<Length>

extension DecimalInput where Q == Grams {
    public var grams: Grams { value }
}

extension DecimalInput where Q == Length {
    public var length: Length { value }
}

/// A stock line as a body names it (MAIN receipt, session input): the material and batch, and
/// the scale that weighs it or, with STRICT_RS_ONLY off, `weight_kg` typed with a `reason`.
/// Which of these fields a route takes is its schema's in openapi.json (`BodyFields`).
struct StockLineBody: Decodable {
    let material_id: String
    let batch_no: String
    let device_id: String?
    let weight_kg: Kilograms?
    let reason: String?
    /// MAIN receipt only.
    let supplier: String?

    func line() throws -> StockService.WeighLine {
        let source: StockService.WeightSource
        switch (device_id, weight_kg) {
        case (let device?, nil): source = .scale(device)
        case (nil, let typed?): source = .typed(typed.grams, reason: reason ?? "")
        default:
            throw FactoryError.validation(field: "device_id", reason: "one_weight", "name the scale (device_id), or type weight_kg with a reason")
        }
        return StockService.WeighLine(material: material_id, batchNo: batch_no, source: source)
    }
}

/// An id sent in a body; a malformed one cannot exist, so it is `not_found` like a missing one.
func bodyID<E>(_ text: String, _ what: String) throws -> TypedID<E> {
    guard let id = TypedID<E>(text) else { throw FactoryError.notFound(what, text) }
    return id
}

/// A whole number as clients send it: `1.5` or `1e30` is the field's `validation_error`, not a
/// body that "is not JSON" (Foundation reports a number that does not fit that way).
public struct WholeNumber: Decodable, Sendable {
    public let value: Int64

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) {
            self.value = value
            return
        }
        let field = JSONInput.fieldPath(decoder.codingPath)
        guard (try? container.decode(Double.self)) != nil else {
            throw FactoryError.validation(field: field, reason: "wrong_type", "\(field) is a whole number")
        }
        throw FactoryError.validation(field: field, reason: "not_a_whole_number", "\(field) is a whole number within range")
    }
}
