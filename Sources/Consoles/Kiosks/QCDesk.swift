import FactoryCore

/// The OTK kiosk's service calls: the queue, and a decision sealed after the PIN check.
struct QCDesk {
    let services: FactoryServices
    let actor: Actor
    /// Where the OK part of a partial decision gets its new label.
    let printer: LabelPrinter?

    func queue() -> QCQueueKiosk.Event {
        do {
            let entries = try services.database.read { try services.qc.queueEntries($0, by: actor) }
            return .queue(entries.map { entry in
                let package = entry.package
                let detail = QCQueueKiosk.Detail(
                    shift: entry.shift, operators: entry.operators, weightFromRS: package.weightTrusted, lengthMode: package.lengthMode,
                    norm: entry.norm?.decimalText,
                    deviation: entry.deviation.map { PercentText.signed($0, below: entry.norm.map { package.weight < $0 } ?? false) },
                    tolerance: entry.tolerance.map(PercentText.limit),
                    breachLetThrough: package.toleranceStatus == .review, packedAt: services.calendar.clockTime(of: package.createdAt))
                return .init(id: package.id.text, qrCode: package.qrCode, sku: package.sku, weight: package.weight.decimalText,
                             length: package.length?.metreText, degassingPending: package.degazStatus == .pending,
                             workcenter: entry.workcenter, lot: entry.lot, detail: detail)
            })
        } catch {
            return .refused(Failure(error))
        }
    }

    func decide(_ id: String, _ decision: QCDecision, pin: String, okWeight: String?, finding: String?) -> QCQueueKiosk.Event {
        do {
            guard let packageID = Package.ID(id) else { throw FactoryError.notFound("package", id) }
            let passing = try okWeight.map { try TypedKilograms.parse($0, field: "ok_weight_kg") }
            // The kiosk's protocol: where it was decided, and what the inspector found.
            let notes: JSONValue = ["source": "otk_kiosk", "visual": .string(finding ?? "ok")]
            let checked = try services.database.read { try services.qc.checkPIN($0, by: actor, pin: pin, channel: "kiosk:otk") }
            guard checked.isAccepted else { throw try services.perform { try services.qc.refusal($0, checked) } }
            let outcome = try services.perform {
                try services.qc.decide($0, by: actor, .init(package: packageID, decision: decision, protocolNotes: notes, pin: checked, okWeight: passing))
            }
            return .sealed(qrCode: outcome.package.qrCode, decision: decision.rawValue, eSeal: outcome.eSeal,
                           okPart: outcome.okPart.map { .init(qrCode: $0.qrCode, weight: $0.weight.decimalText, printProblem: label(for: $0)) })
        } catch {
            return .refused(Failure(error))
        }
    }

    /// Prints the OK part's label; answers what went wrong, if anything.
    private func label(for part: Package) -> String? {
        guard let printer else { return "no label printer configured (--printer)" }
        do {
            let lot = try services.database.read { try Session.load($0, part.sessionID).partiyaNo }
            try printer.print(.init(qrCode: part.qrCode, sku: part.sku, weight: part.weight.decimalText, length: part.length?.metreText, lot: lot))
            return nil
        } catch {
            return "\(error)"
        }
    }
}
