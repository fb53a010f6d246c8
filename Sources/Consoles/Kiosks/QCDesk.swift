import FactoryCore

/// The OTK kiosk's service calls: the queue, and a decision sealed after the PIN check.
struct QCDesk {
    let services: FactoryServices
    let actor: Actor

    func queue() -> QCQueueKiosk.Event {
        do {
            let (packages, sessions) = try services.database.read { db in
                let packages = try services.qc.queue(db, by: actor)
                let sessions = try Dictionary(Set(packages.map(\.sessionID)).map { ($0, try Session.load(db, $0)) }, uniquingKeysWith: { a, _ in a })
                return (packages, sessions)
            }
            return .queue(packages.map {
                .init(id: $0.id.text, qrCode: $0.qrCode, sku: $0.sku, weight: $0.weight.decimalText, length: $0.length?.decimalText,
                      degassingPending: $0.degazStatus == .pending, workcenter: sessions[$0.sessionID]?.workcenter ?? "",
                      lot: sessions[$0.sessionID]?.partiyaNo ?? "")
            })
        } catch {
            return .refused(Failure(error))
        }
    }

    func decide(_ id: String, _ decision: QCDecision, pin: String, okWeight: String?, finding: String?) -> QCQueueKiosk.Event {
        do {
            guard let packageID = Package.ID(id) else { throw FactoryError.notFound("package", id) }
            let passing = try okWeight.map { try Grams(parsing: $0, field: "ok_weight_kg") }
            // The kiosk's protocol: where it was decided, and what the inspector found.
            let notes: JSONValue = ["source": "otk_kiosk", "visual": .string(finding ?? "ok")]
            let checked = try services.database.read { try services.qc.checkPIN($0, by: actor, pin: pin) }
            let outcome = try services.perform {
                try services.qc.decide($0, by: actor, .init(package: packageID, decision: decision, protocolNotes: notes, pin: checked, okWeight: passing))
            }
            return .sealed(qrCode: outcome.package.qrCode, decision: decision.rawValue, eSeal: outcome.eSeal)
        } catch {
            return .refused(Failure(error))
        }
    }
}
