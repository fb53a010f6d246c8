/// A gate that stopped an action. The action's transaction rolls back, but the gate hit must
/// stay on record, so `FactoryServices.perform` writes it in a transaction of its own and then
/// throws `error` to the caller.
public struct GateRefusal: Error, Sendable {
    public let gate: GateType
    public let object: AuditObject
    public let source: AuditSource
    public let ref: JSONValue
    public let error: FactoryError
    /// The physical package to quarantine as well (a refused FG scan, spec §3 M9).
    public let hold: Hold?

    public struct Hold: Sendable {
        public let packageID: String
        public let qrCode: String
    }

    public init(gate: GateType, object: AuditObject, source: AuditSource, ref: JSONValue, error: FactoryError, hold: Hold? = nil) {
        self.gate = gate
        self.object = object
        self.source = source
        self.ref = ref
        self.error = error
        self.hold = hold
    }
}
