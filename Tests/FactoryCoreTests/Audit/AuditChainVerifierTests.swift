import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// The chain rule as a pure function, without a database.
@Suite struct AuditChainVerifierTests {
    let chain = AuditChain(secret: Data(repeating: 1, count: 32))

    func entries(_ count: Int) -> [AuditEntry] {
        var previous = ""
        return (1...count).map { seq in
            let draft = AuditEntry(id: .init(), seq: Int64(seq), actorID: nil, role: "cli",
                                   ts: Timestamp(microsecondsSinceEpoch: Int64(seq) * 1_000_000), action: "test.step",
                                   objectType: "thing", objectID: "\(seq)", diffJSON: #"{"new":\#(seq),"old":null}"#, sigHash: "")
            let sig = chain.signature(of: draft, previous: previous)
            previous = sig
            return AuditEntry(id: draft.id, seq: draft.seq, actorID: nil, role: draft.role, ts: draft.ts, action: draft.action,
                              objectType: draft.objectType, objectID: draft.objectID, diffJSON: draft.diffJSON, sigHash: sig)
        }
    }

    func verify(_ rows: [AuditEntry], head: (Int64, String)) -> AuditBreak? {
        var verifier = AuditChainVerifier(chain: chain)
        rows.forEach { verifier.check($0) }
        return verifier.finish(headSeq: head.0, headSig: head.1)
    }

    @Test func anUntouchedChainVerifies() {
        let rows = entries(5)
        #expect(verify(rows, head: (5, rows[4].sigHash)) == nil)
    }

    @Test func anEditedRowIsNamed() {
        var rows = entries(5)
        let r = rows[2]
        rows[2] = AuditEntry(id: r.id, seq: r.seq, actorID: r.actorID, role: r.role, ts: r.ts, action: r.action,
                             objectType: r.objectType, objectID: r.objectID, diffJSON: #"{"new":999,"old":null}"#, sigHash: r.sigHash)
        let broken = verify(rows, head: (5, rows[4].sigHash))
        #expect(broken?.kind == .altered)
        #expect(broken?.seq == 3)
    }

    @Test func aDeletedRowIsNamed() {
        var rows = entries(5)
        rows.remove(at: 1)
        let broken = verify(rows, head: (5, rows.last!.sigHash))
        #expect(broken?.kind == .missing)
        #expect(broken?.seq == 2)
    }

    @Test func cuttingTheEndIsCaughtByTheHead() {
        let rows = entries(5)
        let broken = verify(Array(rows.prefix(3)), head: (5, rows[4].sigHash))
        #expect(broken?.kind == .truncated)
        #expect(broken?.seq == 4)
    }

    @Test func aDifferentKeyFailsTheFirstRow() {
        let rows = entries(3)
        var verifier = AuditChainVerifier(chain: AuditChain(secret: Data(repeating: 2, count: 32)))
        rows.forEach { verifier.check($0) }
        #expect(verifier.firstBreak?.seq == 1)
    }

    @Test func canonicalBytesSeparateFieldsUnambiguously() {
        let id = AuditEntry.ID()
        let a = AuditChain.canonicalBytes(seq: 1, id: id, actorID: nil, role: "ab", ts: .init(microsecondsSinceEpoch: 0),
                                          action: "c", objectType: "x", objectID: nil, diffJSON: "{}")
        let b = AuditChain.canonicalBytes(seq: 1, id: id, actorID: nil, role: "a", ts: .init(microsecondsSinceEpoch: 0),
                                          action: "bc", objectType: "x", objectID: nil, diffJSON: "{}")
        #expect(a != b)
    }
}
