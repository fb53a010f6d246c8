/// The KPI configuration's penalty catalogue as stored (`penalties_json`): each kind of penalty
/// and its amount, as a decimal string so that money never passes through a float:
/// `{"late": "50000.00", "no_ppe": "20000.00"}`.
enum KPIConfigFile {
    static func isPenaltyKind(_ kind: String) -> Bool {
        !kind.isEmpty && kind.count <= 32 && kind.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
    }

    static func penaltiesJSON(_ penalties: [String: Money]) -> JSONValue {
        .object(penalties.mapValues { .string($0.decimalText) })
    }

    static func penalties(from text: String?) throws -> [String: Money] {
        guard let text else { return [:] }
        var penalties: [String: Money] = [:]
        for (kind, value) in try JSONValue.parse(text).objectFields {
            guard case .string(let amount) = value else {
                throw FactoryError.unavailable("corrupt_row", "the penalty '\(kind)' of the KPI configuration has no amount")
            }
            penalties[kind] = try Money(parsing: amount, field: "penalties")
        }
        return penalties
    }
}
