import FactoryCore

/// A record pushed to a Bitrix24 universal list (research note §5.5, §5.7): keyed by a
/// deterministic `ELEMENT_CODE` (`payroll-2026-11-v1`), so that a retry after a lost answer
/// finds the record the first attempt created instead of making a second one. The portal's
/// duplicate check is check-then-insert, so one writer pushes to a list at a time.
public struct Bitrix24ListElement: Sendable {
    public let client: Bitrix24Client
    /// `IBLOCK_TYPE_ID` (`lists`) and `IBLOCK_CODE` of the target list.
    public let listType: String
    public let listCode: String

    public init(client: Bitrix24Client, listType: String = "lists", listCode: String) {
        (self.client, self.listType, self.listCode) = (client, listType, listCode)
    }

    public enum Outcome: Sendable, Equatable {
        case created(id: Int64)
        case updated(id: Int64)
        /// The record was there with these very fields.
        case unchanged(id: Int64)
    }

    /// The element with this code, if the list has one: its id and fields (each property's
    /// value, unwrapped from the portal's value-id map).
    public func find(code: String) async throws -> (id: Int64, fields: [String: JSONValue])? {
        let answer = try await client.read("lists.element.get", ["IBLOCK_TYPE_ID": .string(listType), "IBLOCK_CODE": .string(listCode),
                                                                 "ELEMENT_CODE": .string(code)])
        guard let row = answer.result.arrayItems.first, let id = Bitrix24Client.id(row) else { return nil }
        var fields: [String: JSONValue] = [:]
        for (name, value) in row.objectFields where name == "NAME" || name.hasPrefix("PROPERTY_") {
            // A property reads back as {"value id": value}; a plain field as itself.
            fields[name] = value.objectFields.count == 1 ? value.objectFields.values.first! : value
        }
        return (id, fields)
    }

    /// Creates or brings up to date the element `code` with `fields` (`NAME`, `PROPERTY_<id>`):
    /// looked up first; added when absent; when an add's answer is lost or the portal says the
    /// code exists, looked up again (at most `attempts` rounds); updated with every field when it
    /// differs, because an update clears what it is not sent.
    public func upsert(code: String, fields: [String: JSONValue], attempts: Int = 3) async throws -> Outcome {
        var failure: Bitrix24Failure?
        // An add whose answer was lost may have created the element: found then, it is ours.
        var addLost = false
        for _ in 0..<attempts {
            if let existing = try await find(code: code) {
                guard existing.fields != fields else { return addLost ? .created(id: existing.id) : .unchanged(id: existing.id) }
                _ = try await client.call("lists.element.update", parameters(code, fields))
                return .updated(id: existing.id)
            }
            do {
                let answer = try await client.call("lists.element.add", parameters(code, fields))
                guard let id = Bitrix24Client.id(["ID": answer.result]) else {
                    throw Bitrix24Failure(status: 200, code: "ERROR_UNEXPECTED_ANSWER", message: "lists.element.add answered no id")
                }
                return .created(id: id)
            } catch let refused as Bitrix24Failure where [.alreadyExists, .unknownOutcome, .backOff].contains(refused.disposition) {
                failure = refused
                addLost = refused.disposition == .unknownOutcome
                if refused.disposition == .backOff { try await client.pause(bitrix24BackOff(failures: 1, jitter: 0)) }
            }
        }
        throw failure ?? Bitrix24Failure(status: 0, code: "GAVE_UP", message: "\(code) could not be pushed")
    }

    private func parameters(_ code: String, _ fields: [String: JSONValue]) -> JSONValue {
        ["IBLOCK_TYPE_ID": .string(listType), "IBLOCK_CODE": .string(listCode), "ELEMENT_CODE": .string(code), "FIELDS": .object(fields)]
    }
}
