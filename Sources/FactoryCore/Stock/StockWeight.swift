/// The weight of a stock move (DECISIONS B6): the scale's bound reading, or, only where
/// STRICT_RS_ONLY is off, a weight typed with a reason where no scale could weigh (a MAIN
/// scale out of order at receipt, a sack fed by hand). A typed weight is booked at once,
/// untrusted (it never counts towards the RS-trusted ratio as a scale's does), and put to
/// the shop head as a manual_weight approval on its stock_txn; a rejected one is corrected by
/// the next count.
public struct StockWeight: Sendable, Equatable {
    public let gross: Grams
    public let eventID: String?
    /// The reason a weight was typed; nil for a scale's.
    public let typedReason: String?
    /// The approval a typed weight waits for, once requested.
    public private(set) var approvalID: Approval.ID?

    public var trusted: Bool { eventID != nil }

    static func take(_ source: StockService.WeightSource, strictRSOnly: Bool, bind: (String) throws -> BoundReading) throws -> StockWeight {
        switch source {
        case .scale(let device):
            let reading = try bind(device)
            return StockWeight(gross: reading.gross, eventID: reading.eventID, typedReason: nil)
        case .typed(let weight, let reason):
            guard !strictRSOnly else {
                throw FactoryError.conflict("strict_rs_only", "STRICT_RS_ONLY is on: stock weights come from a scale; weigh it on the store's scale")
            }
            try RequiredReason.check(reason, "a typed weight needs its reason")
            guard weight.grams > 0 else {
                throw FactoryError.validation(field: "weight_kg", reason: "out_of_range", "a typed weight is more than 0 kg")
            }
            return StockWeight(gross: weight, eventID: nil, typedReason: reason)
        }
    }

    /// A typed weight goes to the shop head, once its journal row exists.
    mutating func requestApproval(_ db: any SQLConnection, approvals: ApprovalEngine, by actor: Actor, stockTxn: String,
                                  material: String, batch: String) throws {
        guard let reason = typedReason else { return }
        approvalID = try approvals.request(db, by: actor, type: .manualWeight, objectType: "stock_txn", objectID: stockTxn,
                                           payload: ["weight_g": .int(gross.grams), "material": .string(material), "batch_no": .string(batch)],
                                           comment: reason).id
    }
}
