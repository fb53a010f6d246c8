import FactoryCore
import HTTPTypes
import Hummingbird

/// Spec §11.5, M5/M6: packing with the bound RS weight, the shop head's review, corrections
/// before QC, and the OTK queue and decision with its e-seal.
struct PackageRoutes {
    let api: FactoryAPI

    struct Create: Decodable {
        let session_id: String
        let device_id: String?
        let length_mode: String
        let length_m: Metres?
        let length_device_id: String?
        /// The manual path of §6.5: only while the scale has no stable reading to bind.
        let weight_kg: Kilograms?
        let reason: String?
    }
    struct Reason: Decodable { let reason: String }
    struct Decision: Decodable { let approval_id: String; let comment: String? }
    struct Correct: Decodable { let device_id: String?; let length_m: Metres?; let reason: String? }
    struct Decide: Decodable {
        let package_id: String
        let decision: String
        let `protocol`: JSONValue
        let pin: String
        let ok_weight_kg: Kilograms?
    }

    func add(to group: RouterGroup<FactoryRequestContext>) {
        let packages = api.services.packages
        let qc = api.services.qc
        group.post("packages", needs: .packageCreate) { request, context in
            let body = try await request.decodeJSON(Create.self, context: context, limit: 16 * 1024)
            let session: Session.ID = try bodyID(body.session_id, "session")
            let mode = try LengthMode(parsing: body.length_mode, field: "length_mode")
            guard let scale = body.device_id else {
                throw FactoryError.validation(field: "device_id", reason: "missing_field", "name the packing scale")
            }
            let length: PackageService.LengthSource
            switch mode {
            case .auto:
                guard let counter = body.length_device_id else {
                    throw FactoryError.validation(field: "length_device_id", reason: "missing_field", "auto length needs the line's length counter")
                }
                length = .counter(device: counter)
            case .manual:
                guard let typed = body.length_m?.length else {
                    throw FactoryError.validation(field: "length_m", reason: "missing_field", "a manual length needs length_m")
                }
                length = .manual(typed, reason: body.reason ?? "", counter: body.length_device_id)
            }
            let typed = body.weight_kg.map { PackageService.TypedWeight($0.grams, reason: body.reason ?? "") }
            let create = PackageService.Create(session: session, scale: scale, length: length, typedWeight: typed)
            let package = try await api.write(as: context, sending: { db, actor in try packages.send(db, by: actor, create) })
            guard package.status == .draftManual else { return APIResponse(.created, package.json) }
            // 202: the package waits for the shop head; the answer names the approval to decide.
            let services = api.services
            let approval = try await api.read { db in
                try services.pendingApproval(db, type: package.weightTrusted ? .manualLength : .manualWeight, objectID: package.id.text)
            }
            var json = package.json.objectFields
            json["pending_approval"] = true
            json["approval_id"] = .string(approval.text)
            return APIResponse(.accepted, .object(json))
        }
        group.get("packages/:id", needs: .sessionView) { _, context in
            let id: Package.ID = try context.pathID("id", "package")
            let (package, record) = try await api.read(as: context) { db, actor in
                try PermissionMatrix.require(actor, .sessionView)
                return (try Package.load(db, id), try qc.record(db, package: id))
            }
            var json = package.json.objectFields
            // The QC decision with its e-seal checked on this read: a broken seal is shown.
            json["qc"] = record.map { record in
                ["decision": .string(record.decision.rawValue), "inspector_id": .string(record.inspectorID),
                 "decided_at": .string(record.at.description), "protocol": record.protocolNotes, "e_pechat": .string(record.eSeal),
                 "seal_valid": JSONValue.from(record.sealIntact)]
            } ?? .null
            return APIResponse(.ok, .object(json))
        }
        group.post("packages/:id/review/submit", needs: .packageReviewSubmit) { request, context in
            let body = try await request.decodeJSON(Reason.self, context: context, limit: 16 * 1024)
            let id: Package.ID = try context.pathID("id", "package")
            let approval = try await api.write(as: context) { db, actor in
                try packages.submitReview(db, by: actor, package: id, reason: body.reason)
            }
            return APIResponse(.accepted, ["approval_id": .string(approval.id.text), "approval": approval.json])
        }
        for (path, approve) in [("packages/:id/review/approve", true), ("packages/:id/review/reject", false)] {
            group.post(RouterPath(path), needsOneOf: ApprovalPolicy.steps(for: .reviewTolerance) + ApprovalPolicy.steps(for: .manualWeight)) { request, context in
                let body = try await request.decodeJSON(Decision.self, context: context, limit: 16 * 1024)
                let id: Package.ID = try context.pathID("id", "package")
                let approval: Approval.ID = try bodyID(body.approval_id, "approval")
                let package = try await api.write(as: context) { db, actor in
                    guard try api.services.approvals.find(db, approval).objectID == id.text else {
                        throw FactoryError.validation(field: "approval_id", reason: "wrong_object", "this approval is about another package")
                    }
                    return try packages.decide(db, by: actor, approval: approval, approve: approve, comment: body.comment)
                }
                return APIResponse(.ok, package.json)
            }
        }
        group.patch("packages/:id", needs: .packageCorrect) { request, context in
            let body = try await request.decodeJSON(Correct.self, context: context, limit: 16 * 1024)
            let id: Package.ID = try context.pathID("id", "package")
            let correction: PackageService.Correction
            switch (body.device_id, body.length_m) {
            case (let scale?, nil): correction = .reweigh(scale: scale)
            case (nil, let length?): correction = .length(length.length, reason: body.reason ?? "")
            default:
                throw FactoryError.validation(field: "body", reason: "one_correction", "send device_id to re-weigh, or length_m with a reason")
            }
            return APIResponse(.ok, try await api.write(as: context) { db, actor in
                try packages.correct(db, by: actor, package: id, correction)
            }.json)
        }
        group.get("qc/queue", needs: .qcView) { request, context in
            let workcenter = request.query("workcenter_id")
            return APIResponse(.ok, ["items": .array(try await api.read(as: context) { db, actor in
                try qc.queue(db, by: actor, workcenter: workcenter)
            }.map(\.json))])
        }
        group.post("qc/decide", needs: .qcDecide) { request, context in
            let body = try await request.decodeJSON(Decide.self, context: context, limit: 64 * 1024)
            let package: Package.ID = try bodyID(body.package_id, "package")
            let decision = try QCDecision(parsing: body.decision, field: "decision")
            let address = context.remoteAddress
            let pin = try await api.read(as: context) { db, actor in try qc.checkPIN(db, by: actor, pin: body.pin, address: address) }
            guard pin.isAccepted else { throw try await api.write { db in try qc.refusal(db, pin) } }
            let decide = QCService.Decide(package: package, decision: decision, protocolNotes: body.protocol, pin: pin,
                                          okWeight: body.ok_weight_kg?.grams)
            let outcome = try await api.write(as: context) { db, actor in try qc.decide(db, by: actor, decide) }
            return APIResponse(.created, ["package": outcome.package.json, "e_pechat": .string(outcome.eSeal),
                                          "ok_part": outcome.okPart.map(\.json) ?? .null])
        }
    }
}
