import FactoryCore

/// The OTK kiosk's service calls: the queue, and a decision sealed after the PIN check.
struct QCDesk {
    let services: FactoryServices
    let actor: Actor

    func queue() -> QCQueueKiosk.Event {
        do {
            let packages = try services.database.read { try services.qc.queue($0, by: actor) }
            return .queue(packages.map {
                .init(id: $0.id.text, qrCode: $0.qrCode, sku: $0.sku, weight: $0.weight.decimalText, length: $0.length?.decimalText,
                      degassingPending: $0.degazStatus == .pending)
            })
        } catch {
            return .refused(Failure(error))
        }
    }

    func decide(_ id: String, _ decision: QCDecision, pin: String) -> QCQueueKiosk.Event {
        do {
            guard let packageID = Package.ID(id) else { throw FactoryError.notFound("package", id) }
            // The kiosk's protocol: what was decided where; the full protocol form comes with the
            // OTK kiosk's detail screen.
            let outcome = try services.perform {
                try services.qc.decide($0, by: actor, .init(package: packageID, decision: decision,
                                                              protocolNotes: ["source": "otk_kiosk", "decision": .string(decision.rawValue)], pin: pin))
            }
            return .sealed(qrCode: outcome.package.qrCode, decision: decision.rawValue, eSeal: outcome.eSeal)
        } catch {
            return .refused(Failure(error))
        }
    }
}
