/// A gate that stopped an action. The action's transaction rolls back, but the gate hit must
/// stay on record, so `FactoryServices.perform` writes it in a transaction of its own and then
/// throws `error` to the caller.
public struct GateRefusal: Error, Sendable {
    public let gate: GateType
    public let object: AuditObject
    public let source: AuditSource
    public let ref: JSONValue
    public let error: FactoryError

    public init(gate: GateType, object: AuditObject, source: AuditSource, ref: JSONValue, error: FactoryError) {
        self.gate = gate
        self.object = object
        self.source = source
        self.ref = ref
        self.error = error
    }
}
